"""Everything around the models: files, datasets, plots, toy data, timing, remote jobs.

* :mod:`.io`: save/load objects and images, the dataset loaders (MNIST, natural image
  patches, Olivetti faces, CIFAR, Caltech).
* :mod:`.datasets`: prepare MNIST and the natural image patches offline (``pydeep data``).
* :mod:`.visualization`: tiling filters, image and 2D plots, RBM and filter analysis,
  learning curves (``plot_history``).
* :mod:`.toyproblems`: bars and stripes, shifting bars, 2D Laplacian mixtures.
* :mod:`.measuring`: a stopwatch and a progress printer.
* :mod:`.sshthreadpool`: run scripts on Linux servers over SSH.

Start with :mod:`.io` (``load_mnist``) and :mod:`.visualization` (``tile_matrix_rows``,
``imshow_matrix``).
"""
