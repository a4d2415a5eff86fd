"""Hand-checked table of the public API documented in the PyDeep 1.1 spec.

Source: ``/work/shared/spec/pydeep-1.1-documentation.txt``, API reference
(lines 2730-9070); each entry carries the spec line of its signature.

``SIGNATURES`` lists ``(module, qualified name, parameters)`` for every
documented public class, method and function (and the private methods the
spec lists for a class). ``parameters`` are the documented parameter names in
order, ``"name=default"`` where the spec gives a default. Spec text was
normalised: hyphenation across line breaks joined, typographic quotes made
ASCII, ``<type 'numpy.float64'>`` written ``numpy.float64``, ``<class '...'>``
written as the dotted class and ``<... object>`` as ``dotted.Class()`` (an
instance of it).

Hand corrections of spec artefacts:

* module-level functions: the spec's rendered signature drops the first
  parameter (``log_sum_exp(axis=0)``); it is restored from the documented
  ``Parameters`` list (``log_sum_exp(x, axis=0)``).
* ``window_title=''`` (rendered as a closing typographic quote).
* methods documented only as ``name()`` + "Not available!" (label and
  rectifier RBMs) get the signature of the method they override in the
  documented parent model; they are listed in ``NOT_AVAILABLE_IN_SPEC``.
* ``Stopwatch.update(factor=0.1)`` inside a docstring and the index entry
  ``GD.__init__()`` at the end of the file are not signatures.

``multinominal_batch_sampling(probabilties, ...)`` keeps the spec's spelling.
"""

SIGNATURES = [
    # ---- pydeep.ae.model
    ('pydeep.ae.model', 'AutoEncoder', ['number_visibles', 'number_hiddens', 'data=None', 'visible_activation_function=pydeep.base.activationfunction.Sigmoid', 'hidden_activation_function=pydeep.base.activationfunction.Sigmoid', 'cost_function=pydeep.base.costfunction.CrossEntropyError', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.2830
    ('pydeep.ae.model', 'AutoEncoder._AutoEncoder__get_sparse_penalty_gradient_part', ['h', 'desired_sparseness']),  # l.2844
    ('pydeep.ae.model', 'AutoEncoder.__init__', ['number_visibles', 'number_hiddens', 'data=None', 'visible_activation_function=pydeep.base.activationfunction.Sigmoid', 'hidden_activation_function=pydeep.base.activationfunction.Sigmoid', 'cost_function=pydeep.base.costfunction.CrossEntropyError', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.2859
    ('pydeep.ae.model', 'AutoEncoder._decode', ['h']),  # l.2930
    ('pydeep.ae.model', 'AutoEncoder._encode', ['x']),  # l.2945
    ('pydeep.ae.model', 'AutoEncoder._get_contractive_penalty', ['a_h', 'factor']),  # l.2959
    ('pydeep.ae.model', 'AutoEncoder._get_contractive_penalty_gradient', ['x', 'a_h', 'df_a_h']),  # l.2975
    ('pydeep.ae.model', 'AutoEncoder._get_gradients', ['x', 'a_h', 'h', 'a_y', 'y', 'reg_contractive', 'reg_sparseness', 'desired_sparseness', 'reg_slowness', 'x_next', 'a_h_next', 'h_next']),  # l.2993
    ('pydeep.ae.model', 'AutoEncoder._get_slowness_penalty', ['h', 'h_next', 'factor']),  # l.3030
    ('pydeep.ae.model', 'AutoEncoder._get_slowness_penalty_gradient', ['x', 'x_next', 'h', 'h_next', 'df_a_h', 'df_a_h_next']),  # l.3051
    ('pydeep.ae.model', 'AutoEncoder._get_sparse_penalty', ['h', 'factor', 'desired_sparseness']),  # l.3078
    ('pydeep.ae.model', 'AutoEncoder._get_sparse_penalty_gradient', ['h', 'df_a_h', 'desired_sparseness']),  # l.3097
    ('pydeep.ae.model', 'AutoEncoder.decode', ['h']),  # l.3115
    ('pydeep.ae.model', 'AutoEncoder.encode', ['x']),  # l.3130
    ('pydeep.ae.model', 'AutoEncoder.energy', ['x', 'contractive_penalty=0.0', 'sparse_penalty=0.0', 'desired_sparseness=0.01', 'x_next=None', 'slowness_penalty=0.0']),  # l.3145
    ('pydeep.ae.model', 'AutoEncoder.finit_differences', ['data', 'delta', 'reg_sparseness', 'desired_sparseness', 'reg_contractive', 'reg_slowness', 'data_next']),  # l.3181
    ('pydeep.ae.model', 'AutoEncoder.reconstruction_error', ['x', 'absolut=False']),  # l.3201

    # ---- pydeep.ae.sae
    ('pydeep.ae.sae', 'SAE', ['list_of_autoencoders']),  # l.3244
    ('pydeep.ae.sae', 'SAE.__init__', ['list_of_autoencoders']),  # l.3247
    ('pydeep.ae.sae', 'SAE.backward_propagate', ['output_data']),  # l.3252
    ('pydeep.ae.sae', 'SAE.forward_propagate', ['input_data']),  # l.3262

    # ---- pydeep.ae.trainer
    ('pydeep.ae.trainer', 'GDTrainer', ['model']),  # l.3306
    ('pydeep.ae.trainer', 'GDTrainer.__init__', ['model']),  # l.3309
    ('pydeep.ae.trainer', 'GDTrainer._train', ['data', 'epsilon', 'momentum', 'update_visible_offsets', 'update_hidden_offsets', 'corruptor', 'reg_L1Norm', 'reg_L2Norm', 'reg_sparseness', 'desired_sparseness', 'reg_contractive', 'reg_slowness', 'data_next', 'restrict_gradient', 'restriction_norm']),  # l.3316
    ('pydeep.ae.trainer', 'GDTrainer.train', ['data', 'num_epochs=1', 'epsilon=0.1', 'momentum=0.0', 'update_visible_offsets=0.0', 'update_hidden_offsets=0.0', 'corruptor=None', 'reg_L1Norm=0.0', 'reg_L2Norm=0.0', 'reg_sparseness=0.0', 'desired_sparseness=0.01', 'reg_contractive=0.0', 'reg_slowness=0.0', 'data_next=None', 'restrict_gradient=False', "restriction_norm='Mat'"]),  # l.3380

    # ---- pydeep.base.activationfunction
    ('pydeep.base.activationfunction', 'Identity', []),  # l.3547
    ('pydeep.base.activationfunction', 'Identity.ddf', ['x']),  # l.3552
    ('pydeep.base.activationfunction', 'Identity.df', ['x']),  # l.3561
    ('pydeep.base.activationfunction', 'Identity.dg', ['y']),  # l.3570
    ('pydeep.base.activationfunction', 'Identity.f', ['x']),  # l.3579
    ('pydeep.base.activationfunction', 'Identity.g', ['y']),  # l.3588
    ('pydeep.base.activationfunction', 'Rectifier', []),  # l.3599
    ('pydeep.base.activationfunction', 'Rectifier.ddf', ['x']),  # l.3605
    ('pydeep.base.activationfunction', 'Rectifier.df', ['x']),  # l.3613
    ('pydeep.base.activationfunction', 'Rectifier.f', ['x']),  # l.3622
    ('pydeep.base.activationfunction', 'RestrictedRectifier', ['restriction=1.0']),  # l.3633
    ('pydeep.base.activationfunction', 'RestrictedRectifier.__init__', ['restriction=1.0']),  # l.3639
    ('pydeep.base.activationfunction', 'RestrictedRectifier.df', ['x']),  # l.3644
    ('pydeep.base.activationfunction', 'RestrictedRectifier.f', ['x']),  # l.3653
    ('pydeep.base.activationfunction', 'LeakyRectifier', ['negativeSlope=0.01', 'positiveSlope=1.0']),  # l.3664
    ('pydeep.base.activationfunction', 'LeakyRectifier.__init__', ['negativeSlope=0.01', 'positiveSlope=1.0']),  # l.3671
    ('pydeep.base.activationfunction', 'LeakyRectifier.df', ['x']),  # l.3679
    ('pydeep.base.activationfunction', 'LeakyRectifier.f', ['x']),  # l.3688
    ('pydeep.base.activationfunction', 'ExponentialLinear', ['alpha=1.0']),  # l.3699
    ('pydeep.base.activationfunction', 'ExponentialLinear.__init__', ['alpha=1.0']),  # l.3704
    ('pydeep.base.activationfunction', 'ExponentialLinear.df', ['x']),  # l.3709
    ('pydeep.base.activationfunction', 'ExponentialLinear.f', ['x']),  # l.3718
    ('pydeep.base.activationfunction', 'SigmoidWeightedLinear', ['beta=1.0']),  # l.3729
    ('pydeep.base.activationfunction', 'SigmoidWeightedLinear.__init__', ['beta=1.0']),  # l.3734
    ('pydeep.base.activationfunction', 'SigmoidWeightedLinear.df', ['x']),  # l.3738
    ('pydeep.base.activationfunction', 'SigmoidWeightedLinear.f', ['x']),  # l.3747
    ('pydeep.base.activationfunction', 'SoftPlus', []),  # l.3758
    ('pydeep.base.activationfunction', 'SoftPlus.ddf', ['x']),  # l.3763
    ('pydeep.base.activationfunction', 'SoftPlus.df', ['x']),  # l.3772
    ('pydeep.base.activationfunction', 'SoftPlus.dg', ['y']),  # l.3781
    ('pydeep.base.activationfunction', 'SoftPlus.f', ['x']),  # l.3790
    ('pydeep.base.activationfunction', 'SoftPlus.g', ['y']),  # l.3799
    ('pydeep.base.activationfunction', 'Step', []),  # l.3809
    ('pydeep.base.activationfunction', 'Step.ddf', ['x']),  # l.3812
    ('pydeep.base.activationfunction', 'Step.df', ['x']),  # l.3821
    ('pydeep.base.activationfunction', 'Step.f', ['x']),  # l.3830
    ('pydeep.base.activationfunction', 'Sigmoid', []),  # l.3841
    ('pydeep.base.activationfunction', 'Sigmoid.ddf', ['x']),  # l.3846
    ('pydeep.base.activationfunction', 'Sigmoid.df', ['x']),  # l.3855
    ('pydeep.base.activationfunction', 'Sigmoid.dg', ['y']),  # l.3871
    ('pydeep.base.activationfunction', 'Sigmoid.f', ['x']),  # l.3880
    ('pydeep.base.activationfunction', 'Sigmoid.g', ['y']),  # l.3889
    ('pydeep.base.activationfunction', 'SoftSign', []),  # l.3900
    ('pydeep.base.activationfunction', 'SoftSign.ddf', ['x']),  # l.3905
    ('pydeep.base.activationfunction', 'SoftSign.df', ['x']),  # l.3914
    ('pydeep.base.activationfunction', 'SoftSign.f', ['x']),  # l.3923
    ('pydeep.base.activationfunction', 'HyperbolicTangent', []),  # l.3933
    ('pydeep.base.activationfunction', 'HyperbolicTangent.ddf', ['x']),  # l.3938
    ('pydeep.base.activationfunction', 'HyperbolicTangent.df', ['x']),  # l.3947
    ('pydeep.base.activationfunction', 'HyperbolicTangent.dg', ['y']),  # l.3956
    ('pydeep.base.activationfunction', 'HyperbolicTangent.f', ['x']),  # l.3965
    ('pydeep.base.activationfunction', 'HyperbolicTangent.g', ['y']),  # l.3974
    ('pydeep.base.activationfunction', 'SoftMax', []),  # l.3985
    ('pydeep.base.activationfunction', 'SoftMax.df', ['x']),  # l.3990
    ('pydeep.base.activationfunction', 'SoftMax.f', ['x']),  # l.3998
    ('pydeep.base.activationfunction', 'RadialBasis', ['mean=0.0', 'variance=1.0']),  # l.4009
    ('pydeep.base.activationfunction', 'RadialBasis.__init__', ['mean=0.0', 'variance=1.0']),  # l.4014
    ('pydeep.base.activationfunction', 'RadialBasis.ddf', ['x']),  # l.4023
    ('pydeep.base.activationfunction', 'RadialBasis.df', ['x']),  # l.4032
    ('pydeep.base.activationfunction', 'RadialBasis.f', ['x']),  # l.4041
    ('pydeep.base.activationfunction', 'Sinus', []),  # l.4052
    ('pydeep.base.activationfunction', 'Sinus.ddf', ['x']),  # l.4057
    ('pydeep.base.activationfunction', 'Sinus.df', ['x']),  # l.4065
    ('pydeep.base.activationfunction', 'Sinus.f', ['x']),  # l.4074
    ('pydeep.base.activationfunction', 'KWinnerTakeAll', ['k', 'axis=1', 'activation_function=pydeep.base.activationfunction.Identity()']),  # l.4085
    ('pydeep.base.activationfunction', 'KWinnerTakeAll.__init__', ['k', 'axis=1', 'activation_function=pydeep.base.activationfunction.Identity()']),  # l.4094
    ('pydeep.base.activationfunction', 'KWinnerTakeAll.df', ['x']),  # l.4105
    ('pydeep.base.activationfunction', 'KWinnerTakeAll.f', ['x']),  # l.4114

    # ---- pydeep.base.basicstructure
    ('pydeep.base.basicstructure', 'BipartiteGraph', ['number_visibles', 'number_hiddens', 'data=None', 'visible_activation_function=pydeep.base.activationfunction.Sigmoid', 'hidden_activation_function=pydeep.base.activationfunction.Sigmoid', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.4157
    ('pydeep.base.basicstructure', 'BipartiteGraph.__init__', ['number_visibles', 'number_hiddens', 'data=None', 'visible_activation_function=pydeep.base.activationfunction.Sigmoid', 'hidden_activation_function=pydeep.base.activationfunction.Sigmoid', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.4172
    ('pydeep.base.basicstructure', 'BipartiteGraph._add_hidden_units', ['num_new_hiddens', 'position=0', "initial_weights='AUTO'", "initial_bias='AUTO'", "initial_offsets='AUTO'"]),  # l.4220
    ('pydeep.base.basicstructure', 'BipartiteGraph._add_visible_units', ['num_new_visibles', 'position=0', "initial_weights='AUTO'", "initial_bias='AUTO'", "initial_offsets='AUTO'", 'data=None']),  # l.4242
    ('pydeep.base.basicstructure', 'BipartiteGraph._hidden_post_activation', ['pre_act_h']),  # l.4267
    ('pydeep.base.basicstructure', 'BipartiteGraph._hidden_pre_activation', ['v']),  # l.4277
    ('pydeep.base.basicstructure', 'BipartiteGraph._remove_hidden_units', ['indices']),  # l.4287
    ('pydeep.base.basicstructure', 'BipartiteGraph._remove_visible_units', ['indices']),  # l.4294
    ('pydeep.base.basicstructure', 'BipartiteGraph._visible_post_activation', ['pre_act_v']),  # l.4303
    ('pydeep.base.basicstructure', 'BipartiteGraph._visible_pre_activation', ['h']),  # l.4312
    ('pydeep.base.basicstructure', 'BipartiteGraph.get_parameters', []),  # l.4322
    ('pydeep.base.basicstructure', 'BipartiteGraph.hidden_activation', ['v']),  # l.4329
    ('pydeep.base.basicstructure', 'BipartiteGraph.update_offsets', ['new_visible_offsets=0.0', 'new_hidden_offsets=0.0', 'update_visible_offsets=1.0', 'update_hidden_offsets=1.0']),  # l.4339
    ('pydeep.base.basicstructure', 'BipartiteGraph.update_parameters', ['updates']),  # l.4359
    ('pydeep.base.basicstructure', 'BipartiteGraph.visible_activation', ['h']),  # l.4365
    ('pydeep.base.basicstructure', 'StackOfBipartiteGraphs', ['list_of_layers']),  # l.4376
    ('pydeep.base.basicstructure', 'StackOfBipartiteGraphs.__init__', ['list_of_layers']),  # l.4379
    ('pydeep.base.basicstructure', 'StackOfBipartiteGraphs._check_network', []),  # l.4384
    ('pydeep.base.basicstructure', 'StackOfBipartiteGraphs.append_layer', ['layer']),  # l.4387
    ('pydeep.base.basicstructure', 'StackOfBipartiteGraphs.backward_propagate', ['output_data']),  # l.4392
    ('pydeep.base.basicstructure', 'StackOfBipartiteGraphs.forward_propagate', ['input_data']),  # l.4405
    ('pydeep.base.basicstructure', 'StackOfBipartiteGraphs.pop_last_layer', []),  # l.4418
    ('pydeep.base.basicstructure', 'StackOfBipartiteGraphs.reconstruct', ['input_data']),  # l.4421
    ('pydeep.base.basicstructure', 'StackOfBipartiteGraphs.save', ['path', 'save_states=False']),  # l.4431

    # ---- pydeep.base.corruptor
    ('pydeep.base.corruptor', 'Identity', []),  # l.4490
    ('pydeep.base.corruptor', 'Identity.corrupt', ['data']),  # l.4493
    ('pydeep.base.corruptor', 'AdditiveGaussNoise', ['mean', 'std']),  # l.4504
    ('pydeep.base.corruptor', 'AdditiveGaussNoise.__init__', ['mean', 'std']),  # l.4507
    ('pydeep.base.corruptor', 'AdditiveGaussNoise.corrupt', ['data']),  # l.4516
    ('pydeep.base.corruptor', 'MultiGaussNoise', ['mean', 'std']),  # l.4528
    ('pydeep.base.corruptor', 'MultiGaussNoise.__init__', ['mean', 'std']),  # l.4531
    ('pydeep.base.corruptor', 'MultiGaussNoise.corrupt', ['data']),  # l.4540
    ('pydeep.base.corruptor', 'SamplingBinary', []),  # l.4552
    ('pydeep.base.corruptor', 'SamplingBinary.corrupt', ['data']),  # l.4554
    ('pydeep.base.corruptor', 'Dropout', ['dropout_percentage=0.2']),  # l.4566
    ('pydeep.base.corruptor', 'Dropout.__init__', ['dropout_percentage=0.2']),  # l.4569
    ('pydeep.base.corruptor', 'Dropout.corrupt', ['data']),  # l.4574
    ('pydeep.base.corruptor', 'RandomPermutation', ['permutation_percentage=0.2']),  # l.4586
    ('pydeep.base.corruptor', 'RandomPermutation.__init__', ['permutation_percentage=0.2']),  # l.4589
    ('pydeep.base.corruptor', 'RandomPermutation.corrupt', ['data']),  # l.4595
    ('pydeep.base.corruptor', 'KeepKWinner', ['k=10', 'axis=0']),  # l.4607
    ('pydeep.base.corruptor', 'KeepKWinner.__init__', ['k=10', 'axis=0']),  # l.4610
    ('pydeep.base.corruptor', 'KeepKWinner.corrupt', ['data']),  # l.4618
    ('pydeep.base.corruptor', 'KWinnerTakesAll', ['k=10', 'axis=0']),  # l.4630
    ('pydeep.base.corruptor', 'KWinnerTakesAll.__init__', ['k=10', 'axis=0']),  # l.4633
    ('pydeep.base.corruptor', 'KWinnerTakesAll.corrupt', ['data']),  # l.4642

    # ---- pydeep.base.costfunction
    ('pydeep.base.costfunction', 'SquaredError', []),  # l.4690
    ('pydeep.base.costfunction', 'SquaredError.df', ['x', 't']),  # l.4693
    ('pydeep.base.costfunction', 'SquaredError.f', ['x', 't']),  # l.4706
    ('pydeep.base.costfunction', 'AbsoluteError', []),  # l.4721
    ('pydeep.base.costfunction', 'AbsoluteError.df', ['x', 't']),  # l.4724
    ('pydeep.base.costfunction', 'AbsoluteError.f', ['x', 't']),  # l.4736
    ('pydeep.base.costfunction', 'CrossEntropyError', []),  # l.4751
    ('pydeep.base.costfunction', 'CrossEntropyError.df', ['x', 't']),  # l.4754
    ('pydeep.base.costfunction', 'CrossEntropyError.f', ['x', 't']),  # l.4767
    ('pydeep.base.costfunction', 'NegLogLikelihood', []),  # l.4782
    ('pydeep.base.costfunction', 'NegLogLikelihood.df', ['x', 't']),  # l.4785
    ('pydeep.base.costfunction', 'NegLogLikelihood.f', ['x', 't']),  # l.4798

    # ---- pydeep.base.numpyextension
    ('pydeep.base.numpyextension', 'log_sum_exp', ['x', 'axis=0']),  # l.4868
    ('pydeep.base.numpyextension', 'log_diff_exp', ['x', 'axis=0']),  # l.4884
    ('pydeep.base.numpyextension', 'multinominal_batch_sampling', ['probabilties', 'isnormalized=True']),  # l.4900
    ('pydeep.base.numpyextension', 'get_norms', ['matrix', 'axis=0']),  # l.4918
    ('pydeep.base.numpyextension', 'restrict_norms', ['matrix', 'max_norm', 'axis=0']),  # l.4934
    ('pydeep.base.numpyextension', 'resize_norms', ['matrix', 'norm', 'axis=0']),  # l.4952
    ('pydeep.base.numpyextension', 'angle_between_vectors', ['v1', 'v2', 'degree=True']),  # l.4970
    ('pydeep.base.numpyextension', 'get_2d_gauss_kernel', ['width', 'height', 'shift=0', 'var=[1.0, 1.0]']),  # l.4986
    ('pydeep.base.numpyextension', 'generate_binary_code', ['bit_length', 'batch_size_exp=None', 'batch_number=0']),  # l.5014
    ('pydeep.base.numpyextension', 'get_binary_label', ['int_array']),  # l.5041
    ('pydeep.base.numpyextension', 'compare_index_of_max', ['output', 'target']),  # l.5057
    ('pydeep.base.numpyextension', 'shuffle_dataset', ['data', 'label']),  # l.5079
    ('pydeep.base.numpyextension', 'rotation_sequence', ['image', 'width', 'height', 'steps']),  # l.5094
    ('pydeep.base.numpyextension', 'generate_2d_connection_matrix', ['input_x_dim', 'input_y_dim', 'field_x_dim', 'field_y_dim', 'overlap_x_dim', 'overlap_y_dim', 'wrap_around=True']),  # l.5113

    # ---- pydeep.misc.io
    ('pydeep.misc.io', 'save_object', ['obj', 'path', 'info=True', 'compressed=True']),  # l.5243
    ('pydeep.misc.io', 'save_image', ['array', 'path', "ext='bmp'"]),  # l.5262
    ('pydeep.misc.io', 'load_object', ['path', 'info=True', 'compressed=True']),  # l.5275
    ('pydeep.misc.io', 'load_image', ['path', 'grayscale=False']),  # l.5291
    ('pydeep.misc.io', 'download_file', ['url', 'path', 'buffer_size=1048576']),  # l.5306
    ('pydeep.misc.io', 'load_mnist', ['path', 'binary=False']),  # l.5320
    ('pydeep.misc.io', 'load_caltech', ['path']),  # l.5335
    ('pydeep.misc.io', 'load_cifar', ['path', 'grayscale=True']),  # l.5345
    ('pydeep.misc.io', 'load_natural_image_patches', ['path']),  # l.5360
    ('pydeep.misc.io', 'load_olivetti_faces', ['path', 'correct_orientation=True']),  # l.5376

    # ---- pydeep.misc.measuring
    ('pydeep.misc.measuring', 'print_progress', ['step', 'num_steps', 'gauge=False', 'length=50', 'decimal_place=1']),  # l.5417
    ('pydeep.misc.measuring', 'Stopwatch', []),  # l.5434
    ('pydeep.misc.measuring', 'Stopwatch.__init__', []),  # l.5437
    ('pydeep.misc.measuring', 'Stopwatch.end', []),  # l.5442
    ('pydeep.misc.measuring', 'Stopwatch.get_end_time', []),  # l.5445
    ('pydeep.misc.measuring', 'Stopwatch.get_expected_end_time', ['iteration', 'num_iterations']),  # l.5452
    ('pydeep.misc.measuring', 'Stopwatch.get_expected_interval', ['iteration', 'num_iterations']),  # l.5464
    ('pydeep.misc.measuring', 'Stopwatch.get_interval', []),  # l.5477
    ('pydeep.misc.measuring', 'Stopwatch.get_start_time', []),  # l.5484
    ('pydeep.misc.measuring', 'Stopwatch.pause', []),  # l.5491
    ('pydeep.misc.measuring', 'Stopwatch.resume', []),  # l.5494
    ('pydeep.misc.measuring', 'Stopwatch.start', []),  # l.5497
    ('pydeep.misc.measuring', 'Stopwatch.update', ['factor=1.0']),  # l.5500

    # ---- pydeep.misc.sshthreadpool
    ('pydeep.misc.sshthreadpool', 'SSHConnection', ['hostname', 'username', 'password', 'max_cpus_usage=2']),  # l.5536
    ('pydeep.misc.sshthreadpool', 'SSHConnection.__init__', ['hostname', 'username', 'password', 'max_cpus_usage=2']),  # l.5541
    ('pydeep.misc.sshthreadpool', 'SSHConnection.connect', []),  # l.5554
    ('pydeep.misc.sshthreadpool', 'SSHConnection.decrypt', ['connection', 'password']),  # l.5561
    ('pydeep.misc.sshthreadpool', 'SSHConnection.disconnect', []),  # l.5574
    ('pydeep.misc.sshthreadpool', 'SSHConnection.encrypt', ['password']),  # l.5577
    ('pydeep.misc.sshthreadpool', 'SSHConnection.execute_command', ['command']),  # l.5585
    ('pydeep.misc.sshthreadpool', 'SSHConnection.execute_command_in_screen', ['command']),  # l.5594
    ('pydeep.misc.sshthreadpool', 'SSHConnection.get_number_users_processes', []),  # l.5605
    ('pydeep.misc.sshthreadpool', 'SSHConnection.get_number_users_screens', []),  # l.5612
    ('pydeep.misc.sshthreadpool', 'SSHConnection.get_server_info', []),  # l.5619
    ('pydeep.misc.sshthreadpool', 'SSHConnection.get_server_load', []),  # l.5626
    ('pydeep.misc.sshthreadpool', 'SSHConnection.kill_all_processes', []),  # l.5638
    ('pydeep.misc.sshthreadpool', 'SSHConnection.kill_all_screen_processes', []),  # l.5645
    ('pydeep.misc.sshthreadpool', 'SSHConnection.renice_processes', ['value']),  # l.5651
    ('pydeep.misc.sshthreadpool', 'SSHJob', ['command', 'num_threads=1', 'nice=19']),  # l.5662
    ('pydeep.misc.sshthreadpool', 'SSHJob.__init__', ['command', 'num_threads=1', 'nice=19']),  # l.5665
    ('pydeep.misc.sshthreadpool', 'SSHPool', ['servers']),  # l.5678
    ('pydeep.misc.sshthreadpool', 'SSHPool.__init__', ['servers']),  # l.5681
    ('pydeep.misc.sshthreadpool', 'SSHPool.broadcast_command', ['command']),  # l.5686
    ('pydeep.misc.sshthreadpool', 'SSHPool.broadcast_kill_all', []),  # l.5695
    ('pydeep.misc.sshthreadpool', 'SSHPool.broadcast_kill_all_screens', []),  # l.5702
    ('pydeep.misc.sshthreadpool', 'SSHPool.distribute_jobs', ['jobs', 'status=False', 'ignore_load=False', 'sort_server=True']),  # l.5708
    ('pydeep.misc.sshthreadpool', 'SSHPool.execute_command', ['host', 'command']),  # l.5726
    ('pydeep.misc.sshthreadpool', 'SSHPool.execute_command_in_screen', ['host', 'command']),  # l.5739
    ('pydeep.misc.sshthreadpool', 'SSHPool.get_servers_info', ['status=True']),  # l.5752
    ('pydeep.misc.sshthreadpool', 'SSHPool.get_servers_status', []),  # l.5759
    ('pydeep.misc.sshthreadpool', 'SSHPool.load_server', ['path', 'password', 'append=True']),  # l.5766
    ('pydeep.misc.sshthreadpool', 'SSHPool.save_server', ['path', 'password']),  # l.5775

    # ---- pydeep.misc.toyproblems
    ('pydeep.misc.toyproblems', 'generate_2d_mixtures', ['num_samples', 'mean=0.0', 'scale=0.7071067811865476']),  # l.5821
    ('pydeep.misc.toyproblems', 'generate_bars_and_stripes', ['length', 'num_samples']),  # l.5842
    ('pydeep.misc.toyproblems', 'generate_bars_and_stripes_complete', ['length']),  # l.5857
    ('pydeep.misc.toyproblems', 'generate_shifting_bars', ['length', 'bar_length', 'num_samples', 'random=False', 'flipped=False']),  # l.5868
    ('pydeep.misc.toyproblems', 'generate_shifting_bars_complete', ['length', 'bar_length', 'random=False', 'flipped=False']),  # l.5889

    # ---- pydeep.misc.visualization
    ('pydeep.misc.visualization', 'tile_matrix_columns', ['matrix', 'tile_width', 'tile_height', 'num_tiles_x', 'num_tiles_y', 'border_size=1', 'normalized=True']),  # l.5972
    ('pydeep.misc.visualization', 'tile_matrix_rows', ['matrix', 'tile_width', 'tile_height', 'num_tiles_x', 'num_tiles_y', 'border_size=1', 'normalized=True']),  # l.5999
    ('pydeep.misc.visualization', 'imshow_matrix', ['matrix', 'windowtitle', "interpolation='nearest'"]),  # l.6025
    ('pydeep.misc.visualization', 'imshow_plot', ['matrix', 'windowtitle']),  # l.6038
    ('pydeep.misc.visualization', 'imshow_histogram', ['matrix', 'windowtitle', 'num_bins=10', 'normed=False', 'cumulative=False', 'log_scale=False']),  # l.6049
    ('pydeep.misc.visualization', 'plot_2d_weights', ['weights', 'bias=numpy.array([[0., 0.]])', 'scaling_factor=1.0', "color='random'", "bias_color='random'"]),  # l.6070
    ('pydeep.misc.visualization', 'plot_2d_data', ['data', 'alpha=0.1', "color='navy'", 'point_size=5']),  # l.6086
    ('pydeep.misc.visualization', 'plot_2d_contour', ['probability_function', 'value_range=[-5.0, 5.0, -5.0, 5.0]', 'step_size=0.01', 'levels=20', 'stylev=None', "colormap='jet'"]),  # l.6101
    ('pydeep.misc.visualization', 'imshow_standard_rbm_parameters', ['rbm', 'v1', 'v2', 'h1', 'h2', 'whitening=None', "window_title=''"]),  # l.6126
    ('pydeep.misc.visualization', 'hidden_activation', ['rbm', 'data', 'states=False']),  # l.6151
    ('pydeep.misc.visualization', 'reorder_filter_by_hidden_activation', ['rbm', 'data']),  # l.6169
    ('pydeep.misc.visualization', 'generate_samples', ['rbm', 'data', 'iterations', 'stepsize', 'v1', 'v2', 'sample_states=False', 'whitening=None']),  # l.6185
    ('pydeep.misc.visualization', 'imshow_filter_tuning_curve', ['filters', 'num_of_ang=40']),  # l.6215
    ('pydeep.misc.visualization', 'imshow_filter_optimal_gratings', ['filters', 'opt_frq', 'opt_ang']),  # l.6226
    ('pydeep.misc.visualization', 'imshow_filter_frequency_angle_histogram', ['opt_frq', 'opt_ang', 'max_wavelength=14']),  # l.6239
    ('pydeep.misc.visualization', 'filter_frequency_and_angle', ['filters', 'num_of_angles=40']),  # l.6254
    ('pydeep.misc.visualization', 'filter_frequency_response', ['filters', 'num_of_angles=40']),  # l.6271
    ('pydeep.misc.visualization', 'filter_angle_response', ['filters', 'num_of_angles=40']),  # l.6286
    ('pydeep.misc.visualization', 'calculate_amari_distance', ['matrix_one', 'matrix_two', 'version=1']),  # l.6301

    # ---- pydeep.preprocessing
    ('pydeep.preprocessing', 'binarize_data', ['data']),  # l.6362
    ('pydeep.preprocessing', 'rescale_data', ['data', 'new_min=0.0', 'new_max=1.0']),  # l.6375
    ('pydeep.preprocessing', 'remove_rows_means', ['data', 'return_means=False']),  # l.6392
    ('pydeep.preprocessing', 'remove_cols_means', ['data', 'return_means=False']),  # l.6408
    ('pydeep.preprocessing', 'STANDARIZER', ['input_dim']),  # l.6424
    ('pydeep.preprocessing', 'STANDARIZER.__init__', ['input_dim']),  # l.6427
    ('pydeep.preprocessing', 'STANDARIZER.project', ['data']),  # l.6432
    ('pydeep.preprocessing', 'STANDARIZER.train', ['data']),  # l.6442
    ('pydeep.preprocessing', 'STANDARIZER.unproject', ['data']),  # l.6448
    ('pydeep.preprocessing', 'PCA', ['input_dim', 'whiten=False']),  # l.6459
    ('pydeep.preprocessing', 'PCA.__init__', ['input_dim', 'whiten=False']),  # l.6462
    ('pydeep.preprocessing', 'PCA.project', ['data', 'num_components=None']),  # l.6471
    ('pydeep.preprocessing', 'PCA.train', ['data']),  # l.6488
    ('pydeep.preprocessing', 'PCA.unproject', ['data', 'num_components=None']),  # l.6494
    ('pydeep.preprocessing', 'ZCA', ['input_dim']),  # l.6510
    ('pydeep.preprocessing', 'ZCA.__init__', ['input_dim']),  # l.6512
    ('pydeep.preprocessing', 'ZCA.train', ['data']),  # l.6517
    ('pydeep.preprocessing', 'ICA', ['input_dim']),  # l.6525
    ('pydeep.preprocessing', 'ICA.__init__', ['input_dim']),  # l.6528
    ('pydeep.preprocessing', 'ICA.log_likelihood', ['data']),  # l.6533
    ('pydeep.preprocessing', 'ICA.train', ['data', 'iterations=1000', 'convergence=0.0', 'status=False']),  # l.6543

    # ---- pydeep.rbm.dbn
    ('pydeep.rbm.dbn', 'DBN', ['list_of_rbms']),  # l.6613
    ('pydeep.rbm.dbn', 'DBN.__init__', ['list_of_rbms']),  # l.6616
    ('pydeep.rbm.dbn', 'DBN.backward_propagate', ['output_data', 'sample=False']),  # l.6621
    ('pydeep.rbm.dbn', 'DBN.forward_propagate', ['input_data', 'sample=False']),  # l.6634
    ('pydeep.rbm.dbn', 'DBN.reconstruct', ['input_data', 'sample=False']),  # l.6647
    ('pydeep.rbm.dbn', 'DBN.reconstruct_sample_top_layer', ['input_data', 'sampling_steps=100', 'sample_forward_backward=False']),  # l.6660
    ('pydeep.rbm.dbn', 'DBN.sample_top_layer', ['sampling_steps=100', 'initial_state=None', 'sample=True']),  # l.6679

    # ---- pydeep.rbm.estimator
    ('pydeep.rbm.estimator', 'reconstruction_error', ['model', 'data', 'k=1', 'beta=None', 'use_states=False', 'absolut_error=False']),  # l.6749
    ('pydeep.rbm.estimator', 'log_likelihood_v', ['model', 'logz', 'data', 'beta=None']),  # l.6776
    ('pydeep.rbm.estimator', 'log_likelihood_h', ['model', 'logz', 'data', 'beta=None']),  # l.6800
    ('pydeep.rbm.estimator', 'partition_function_factorize_v', ['model', 'beta=None', "batchsize_exponent='AUTO'", 'status=False']),  # l.6823
    ('pydeep.rbm.estimator', 'partition_function_factorize_h', ['model', 'beta=None', "batchsize_exponent='AUTO'", 'status=False']),  # l.6848
    ('pydeep.rbm.estimator', 'annealed_importance_sampling', ['model', 'num_chains=100', 'k=1', 'betas=10000', 'status=False']),  # l.6873
    ('pydeep.rbm.estimator', 'reverse_annealed_importance_sampling', ['model', 'num_chains=100', 'k=1', 'betas=10000', 'status=False', 'data=None']),  # l.6903

    # ---- pydeep.rbm.model
    ('pydeep.rbm.model', 'BinaryBinaryRBM', ['number_visibles', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.6989
    ('pydeep.rbm.model', 'BinaryBinaryRBM.__init__', ['number_visibles', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.6997
    ('pydeep.rbm.model', 'BinaryBinaryRBM._add_visible_units', ['num_new_visibles', 'position=0', "initial_weights='AUTO'", "initial_bias='AUTO'", "initial_offsets='AUTO'", 'data=None']),  # l.7038
    ('pydeep.rbm.model', 'BinaryBinaryRBM._base_log_partition', ['use_base_model=False']),  # l.7064
    ('pydeep.rbm.model', 'BinaryBinaryRBM._calculate_hidden_bias_gradient', ['h']),  # l.7077
    ('pydeep.rbm.model', 'BinaryBinaryRBM._calculate_visible_bias_gradient', ['v']),  # l.7087
    ('pydeep.rbm.model', 'BinaryBinaryRBM._calculate_weight_gradient', ['v', 'h']),  # l.7096
    ('pydeep.rbm.model', 'BinaryBinaryRBM._getbasebias', []),  # l.7109
    ('pydeep.rbm.model', 'BinaryBinaryRBM._remove_visible_units', ['indices']),  # l.7117
    ('pydeep.rbm.model', 'BinaryBinaryRBM.calculate_gradients', ['v', 'h']),  # l.7125
    ('pydeep.rbm.model', 'BinaryBinaryRBM.energy', ['v', 'h', 'beta=None', 'use_base_model=False']),  # l.7139
    ('pydeep.rbm.model', 'BinaryBinaryRBM.log_probability_h', ['logz', 'h', 'beta=None', 'use_base_model=False']),  # l.7159
    ('pydeep.rbm.model', 'BinaryBinaryRBM.log_probability_v', ['logz', 'v', 'beta=None', 'use_base_model=False']),  # l.7182
    ('pydeep.rbm.model', 'BinaryBinaryRBM.log_probability_v_h', ['logz', 'v', 'h', 'beta=None', 'use_base_model=False']),  # l.7219
    ('pydeep.rbm.model', 'BinaryBinaryRBM.probability_h_given_v', ['v', 'beta=None', 'use_base_model=False']),  # l.7244
    ('pydeep.rbm.model', 'BinaryBinaryRBM.probability_v_given_h', ['h', 'beta=None', 'use_base_model=False']),  # l.7262
    ('pydeep.rbm.model', 'BinaryBinaryRBM.sample_h', ['h', 'beta=None', 'use_base_model=False']),  # l.7279
    ('pydeep.rbm.model', 'BinaryBinaryRBM.sample_v', ['v', 'beta=None', 'use_base_model=False']),  # l.7297
    ('pydeep.rbm.model', 'BinaryBinaryRBM.unnormalized_log_probability_h', ['h', 'beta=None', 'use_base_model=False']),  # l.7315
    ('pydeep.rbm.model', 'BinaryBinaryRBM.unnormalized_log_probability_v', ['v', 'beta=None', 'use_base_model=False']),  # l.7332
    ('pydeep.rbm.model', 'GaussianBinaryRBM', ['number_visibles', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_sigma='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.7352
    ('pydeep.rbm.model', 'GaussianBinaryRBM.__init__', ['number_visibles', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_sigma='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.7363
    ('pydeep.rbm.model', 'GaussianBinaryRBM._add_hidden_units', ['num_new_hiddens', 'position=0', "initial_weights='AUTO'", "initial_bias='AUTO'", "initial_offsets='AUTO'"]),  # l.7407
    ('pydeep.rbm.model', 'GaussianBinaryRBM._add_visible_units', ['num_new_visibles', 'position=0', "initial_weights='AUTO'", "initial_bias='AUTO'", 'initial_sigmas=1.0', "initial_offsets='AUTO'", 'data=None']),  # l.7430
    ('pydeep.rbm.model', 'GaussianBinaryRBM._base_log_partition', ['use_base_model=False']),  # l.7461
    ('pydeep.rbm.model', 'GaussianBinaryRBM._calculate_visible_bias_gradient', ['v']),  # l.7471
    ('pydeep.rbm.model', 'GaussianBinaryRBM._calculate_weight_gradient', ['v', 'h']),  # l.7480
    ('pydeep.rbm.model', 'GaussianBinaryRBM._remove_visible_units', ['indices']),  # l.7493
    ('pydeep.rbm.model', 'GaussianBinaryRBM.energy', ['v', 'h', 'beta=None', 'use_base_model=False']),  # l.7502
    ('pydeep.rbm.model', 'GaussianBinaryRBM.probability_h_given_v', ['v', 'beta=None', 'use_base_model=False']),  # l.7521
    ('pydeep.rbm.model', 'GaussianBinaryRBM.probability_v_given_h', ['h', 'beta=None', 'use_base_model=False']),  # l.7539
    ('pydeep.rbm.model', 'GaussianBinaryRBM.sample_v', ['v', 'beta=None', 'use_base_model=False']),  # l.7557
    ('pydeep.rbm.model', 'GaussianBinaryRBM.unnormalized_log_probability_h', ['h', 'beta=None', 'use_base_model=False']),  # l.7575
    ('pydeep.rbm.model', 'GaussianBinaryRBM.unnormalized_log_probability_v', ['v', 'beta=None', 'use_base_model=False']),  # l.7592
    ('pydeep.rbm.model', 'GaussianBinaryVarianceRBM', ['number_visibles', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_sigma='AUTO'", 'initial_visible_offsets=0.0', 'initial_hidden_offsets=0.0', 'dtype=numpy.float64']),  # l.7613
    ('pydeep.rbm.model', 'GaussianBinaryVarianceRBM.__init__', ['number_visibles', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_sigma='AUTO'", 'initial_visible_offsets=0.0', 'initial_hidden_offsets=0.0', 'dtype=numpy.float64']),  # l.7626
    ('pydeep.rbm.model', 'GaussianBinaryVarianceRBM._calculate_sigma_gradient', ['v', 'h']),  # l.7669
    ('pydeep.rbm.model', 'GaussianBinaryVarianceRBM.calculate_gradients', ['v', 'h']),  # l.7684
    ('pydeep.rbm.model', 'GaussianBinaryVarianceRBM.get_parameters', []),  # l.7700
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM', ['number_visibles', 'number_labels', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.7708
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM.__init__', ['number_visibles', 'number_labels', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.7720
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM._add_visible_units', ['num_new_visibles', 'position=0', "initial_weights='AUTO'", "initial_bias='AUTO'", "initial_offsets='AUTO'", 'data=None']),  # l.7764: "Not available!"; signature of BinaryBinaryRBM._add_visible_units
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM._base_log_partition', ['use_base_model=False']),  # l.7767: "Not available!"; signature of BinaryBinaryRBM._base_log_partition
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM._remove_visible_units', ['indices']),  # l.7769: "Not available!"; signature of BinaryBinaryRBM._remove_visible_units
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM.energy', ['v', 'h', 'beta=None', 'use_base_model=False']),  # l.7772: "Not available!"; signature of BinaryBinaryRBM.energy
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM.log_probability_h', ['logz', 'h', 'beta=None', 'use_base_model=False']),  # l.7775: "Not available!"; signature of BinaryBinaryRBM.log_probability_h
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM.log_probability_v', ['logz', 'v', 'beta=None', 'use_base_model=False']),  # l.7778: "Not available!"; signature of BinaryBinaryRBM.log_probability_v
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM.log_probability_v_h', ['logz', 'v', 'h', 'beta=None', 'use_base_model=False']),  # l.7781: "Not available!"; signature of BinaryBinaryRBM.log_probability_v_h
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM.sample_v', ['v', 'beta=None', 'use_base_model=False']),  # l.7784
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM.unnormalized_log_probability_h', ['h', 'beta=None', 'use_base_model=False']),  # l.7802: "Not available!"; signature of BinaryBinaryRBM.unnormalized_log_probability_h
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM.unnormalized_log_probability_v', ['v', 'beta=None', 'use_base_model=False']),  # l.7805: "Not available!"; signature of BinaryBinaryRBM.unnormalized_log_probability_v
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM', ['number_visibles', 'number_labels', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_sigma='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.7812
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM.__init__', ['number_visibles', 'number_labels', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_sigma='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.7825
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM._add_visible_units', ['num_new_visibles', 'position=0', "initial_weights='AUTO'", "initial_bias='AUTO'", 'initial_sigmas=1.0', "initial_offsets='AUTO'", 'data=None']),  # l.7872: "Not available!"; signature of GaussianBinaryRBM._add_visible_units
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM._base_log_partition', ['use_base_model=False']),  # l.7875: "Not available!"; signature of GaussianBinaryRBM._base_log_partition
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM._remove_visible_units', ['indices']),  # l.7878: "Not available!"; signature of GaussianBinaryRBM._remove_visible_units
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM.energy', ['v', 'h', 'beta=None', 'use_base_model=False']),  # l.7881: "Not available!"; signature of GaussianBinaryRBM.energy
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM.log_probability_h', ['logz', 'h', 'beta=None', 'use_base_model=False']),  # l.7884: "Not available!"; signature of BinaryBinaryRBM.log_probability_h
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM.log_probability_v', ['logz', 'v', 'beta=None', 'use_base_model=False']),  # l.7887: "Not available!"; signature of BinaryBinaryRBM.log_probability_v
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM.log_probability_v_h', ['logz', 'v', 'h', 'beta=None', 'use_base_model=False']),  # l.7890: "Not available!"; signature of BinaryBinaryRBM.log_probability_v_h
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM.sample_v', ['v', 'beta=None', 'use_base_model=False']),  # l.7893
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM.unnormalized_log_probability_h', ['h', 'beta=None', 'use_base_model=False']),  # l.7910: "Not available!"; signature of GaussianBinaryRBM.unnormalized_log_probability_h
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM.unnormalized_log_probability_v', ['v', 'beta=None', 'use_base_model=False']),  # l.7913: "Not available!"; signature of GaussianBinaryRBM.unnormalized_log_probability_v
    ('pydeep.rbm.model', 'BinaryRectRBM', ['number_visibles', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.7920
    ('pydeep.rbm.model', 'BinaryRectRBM.__init__', ['number_visibles', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.7930
    ('pydeep.rbm.model', 'BinaryRectRBM._add_visible_units', ['num_new_visibles', 'position=0', "initial_weights='AUTO'", "initial_bias='AUTO'", "initial_offsets='AUTO'", 'data=None']),  # l.7971: "Not available!"; signature of BinaryBinaryRBM._add_visible_units
    ('pydeep.rbm.model', 'BinaryRectRBM._base_log_partition', ['use_base_model=False']),  # l.7974: "Not available!"; signature of BinaryBinaryRBM._base_log_partition
    ('pydeep.rbm.model', 'BinaryRectRBM._remove_visible_units', ['indices']),  # l.7977: "Not available!"; signature of BinaryBinaryRBM._remove_visible_units
    ('pydeep.rbm.model', 'BinaryRectRBM.energy', ['v', 'h', 'beta=None', 'use_base_model=False']),  # l.7980: "Not available!"; signature of BinaryBinaryRBM.energy
    ('pydeep.rbm.model', 'BinaryRectRBM.log_probability_h', ['logz', 'h', 'beta=None', 'use_base_model=False']),  # l.7983: "Not available!"; signature of BinaryBinaryRBM.log_probability_h
    ('pydeep.rbm.model', 'BinaryRectRBM.log_probability_v', ['logz', 'v', 'beta=None', 'use_base_model=False']),  # l.7986: "Not available!"; signature of BinaryBinaryRBM.log_probability_v
    ('pydeep.rbm.model', 'BinaryRectRBM.log_probability_v_h', ['logz', 'v', 'h', 'beta=None', 'use_base_model=False']),  # l.7989: "Not available!"; signature of BinaryBinaryRBM.log_probability_v_h
    ('pydeep.rbm.model', 'BinaryRectRBM.probability_h_given_v', ['v', 'beta=None']),  # l.7992
    ('pydeep.rbm.model', 'BinaryRectRBM.sample_h', ['h', 'beta=None', 'use_base_model=False']),  # l.8007
    ('pydeep.rbm.model', 'BinaryRectRBM.unnormalized_log_probability_h', ['h', 'beta=None', 'use_base_model=False']),  # l.8024: "Not available!"; signature of BinaryBinaryRBM.unnormalized_log_probability_h
    ('pydeep.rbm.model', 'BinaryRectRBM.unnormalized_log_probability_v', ['v', 'beta=None', 'use_base_model=False']),  # l.8027: "Not available!"; signature of BinaryBinaryRBM.unnormalized_log_probability_v
    ('pydeep.rbm.model', 'RectBinaryRBM', ['number_visibles', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.8032
    ('pydeep.rbm.model', 'RectBinaryRBM.__init__', ['number_visibles', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.8042
    ('pydeep.rbm.model', 'RectBinaryRBM._add_visible_units', ['num_new_visibles', 'position=0', "initial_weights='AUTO'", "initial_bias='AUTO'", "initial_offsets='AUTO'", 'data=None']),  # l.8082: "Not available!"; signature of BinaryBinaryRBM._add_visible_units
    ('pydeep.rbm.model', 'RectBinaryRBM._base_log_partition', ['use_base_model=False']),  # l.8085: "Not available!"; signature of BinaryBinaryRBM._base_log_partition
    ('pydeep.rbm.model', 'RectBinaryRBM._getbasebias', []),  # l.8088: "Not available!"; signature of BinaryBinaryRBM._getbasebias
    ('pydeep.rbm.model', 'RectBinaryRBM._remove_visible_units', ['indices']),  # l.8091: "Not available!"; signature of BinaryBinaryRBM._remove_visible_units
    ('pydeep.rbm.model', 'RectBinaryRBM.energy', ['v', 'h', 'beta=None', 'use_base_model=False']),  # l.8094: "Not available!"; signature of BinaryBinaryRBM.energy
    ('pydeep.rbm.model', 'RectBinaryRBM.log_probability_h', ['logz', 'h', 'beta=None', 'use_base_model=False']),  # l.8097: "Not available!"; signature of BinaryBinaryRBM.log_probability_h
    ('pydeep.rbm.model', 'RectBinaryRBM.log_probability_v', ['logz', 'v', 'beta=None', 'use_base_model=False']),  # l.8100: "Not available!"; signature of BinaryBinaryRBM.log_probability_v
    ('pydeep.rbm.model', 'RectBinaryRBM.log_probability_v_h', ['logz', 'v', 'h', 'beta=None', 'use_base_model=False']),  # l.8103: "Not available!"; signature of BinaryBinaryRBM.log_probability_v_h
    ('pydeep.rbm.model', 'RectBinaryRBM.probability_v_given_h', ['h', 'beta=None', 'use_base_model=False']),  # l.8106
    ('pydeep.rbm.model', 'RectBinaryRBM.sample_v', ['v', 'beta=None', 'use_base_model=False']),  # l.8124
    ('pydeep.rbm.model', 'RectBinaryRBM.unnormalized_log_probability_h', ['h', 'beta=None', 'use_base_model=False']),  # l.8142: "Not available!"; signature of BinaryBinaryRBM.unnormalized_log_probability_h
    ('pydeep.rbm.model', 'RectBinaryRBM.unnormalized_log_probability_v', ['v', 'beta=None', 'use_base_model=False']),  # l.8145: "Not available!"; signature of BinaryBinaryRBM.unnormalized_log_probability_v
    ('pydeep.rbm.model', 'RectRectRBM', ['number_visibles', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.8149
    ('pydeep.rbm.model', 'RectRectRBM.__init__', ['number_visibles', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.8158
    ('pydeep.rbm.model', 'RectRectRBM.probability_v_given_h', ['h', 'beta=None', 'use_base_model=False']),  # l.8199
    ('pydeep.rbm.model', 'RectRectRBM.sample_v', ['v', 'beta=None', 'use_base_model=False']),  # l.8228
    ('pydeep.rbm.model', 'GaussianRectRBM', ['number_visibles', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_sigma='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.8248
    ('pydeep.rbm.model', 'GaussianRectRBM.__init__', ['number_visibles', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_sigma='AUTO'", "initial_visible_offsets='AUTO'", "initial_hidden_offsets='AUTO'", 'dtype=numpy.float64']),  # l.8259
    ('pydeep.rbm.model', 'GaussianRectRBM._add_visible_units', ['num_new_visibles', 'position=0', "initial_weights='AUTO'", "initial_bias='AUTO'", 'initial_sigmas=1.0', "initial_offsets='AUTO'", 'data=None']),  # l.8297: "Not available!"; signature of GaussianBinaryRBM._add_visible_units
    ('pydeep.rbm.model', 'GaussianRectRBM._base_log_partition', ['use_base_model=False']),  # l.8300: "Not available!"; signature of GaussianBinaryRBM._base_log_partition
    ('pydeep.rbm.model', 'GaussianRectRBM._remove_visible_units', ['indices']),  # l.8303: "Not available!"; signature of GaussianBinaryRBM._remove_visible_units
    ('pydeep.rbm.model', 'GaussianRectRBM.energy', ['v', 'h', 'beta=None', 'use_base_model=False']),  # l.8306: "Not available!"; signature of GaussianBinaryRBM.energy
    ('pydeep.rbm.model', 'GaussianRectRBM.log_probability_h', ['logz', 'h', 'beta=None', 'use_base_model=False']),  # l.8309: "Not available!"; signature of BinaryBinaryRBM.log_probability_h
    ('pydeep.rbm.model', 'GaussianRectRBM.log_probability_v', ['logz', 'v', 'beta=None', 'use_base_model=False']),  # l.8312: "Not available!"; signature of BinaryBinaryRBM.log_probability_v
    ('pydeep.rbm.model', 'GaussianRectRBM.log_probability_v_h', ['logz', 'v', 'h', 'beta=None', 'use_base_model=False']),  # l.8315: "Not available!"; signature of BinaryBinaryRBM.log_probability_v_h
    ('pydeep.rbm.model', 'GaussianRectRBM.probability_h_given_v', ['v', 'beta=None']),  # l.8318
    ('pydeep.rbm.model', 'GaussianRectRBM.sample_h', ['h', 'beta=None', 'use_base_model=False']),  # l.8333
    ('pydeep.rbm.model', 'GaussianRectRBM.unnormalized_log_probability_h', ['h', 'beta=None', 'use_base_model=False']),  # l.8350: "Not available!"; signature of GaussianBinaryRBM.unnormalized_log_probability_h
    ('pydeep.rbm.model', 'GaussianRectRBM.unnormalized_log_probability_v', ['v', 'beta=None', 'use_base_model=False']),  # l.8353: "Not available!"; signature of GaussianBinaryRBM.unnormalized_log_probability_v
    ('pydeep.rbm.model', 'GaussianRectVarianceRBM', ['number_visibles', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_sigma='AUTO'", 'initial_visible_offsets=0.0', 'initial_hidden_offsets=0.0', 'dtype=numpy.float64']),  # l.8358
    ('pydeep.rbm.model', 'GaussianRectVarianceRBM.__init__', ['number_visibles', 'number_hiddens', 'data=None', "initial_weights='AUTO'", "initial_visible_bias='AUTO'", "initial_hidden_bias='AUTO'", "initial_sigma='AUTO'", 'initial_visible_offsets=0.0', 'initial_hidden_offsets=0.0', 'dtype=numpy.float64']),  # l.8370
    ('pydeep.rbm.model', 'GaussianRectVarianceRBM._calculate_sigma_gradient', ['v', 'h']),  # l.8408
    ('pydeep.rbm.model', 'GaussianRectVarianceRBM.calculate_gradients', ['v', 'h']),  # l.8422
    ('pydeep.rbm.model', 'GaussianRectVarianceRBM.get_parameters', []),  # l.8438

    # ---- pydeep.rbm.sampler
    ('pydeep.rbm.sampler', 'GibbsSampler', ['model']),  # l.8488
    ('pydeep.rbm.sampler', 'GibbsSampler.__init__', ['model']),  # l.8491
    ('pydeep.rbm.sampler', 'GibbsSampler.sample', ['vis_states', 'k=1', 'betas=None', 'ret_states=True']),  # l.8497
    ('pydeep.rbm.sampler', 'GibbsSampler.sample_from_h', ['hid_states', 'k=1', 'betas=None', 'ret_states=True']),  # l.8516
    ('pydeep.rbm.sampler', 'PersistentGibbsSampler', ['model', 'num_chains']),  # l.8535
    ('pydeep.rbm.sampler', 'PersistentGibbsSampler.__init__', ['model', 'num_chains']),  # l.8538
    ('pydeep.rbm.sampler', 'PersistentGibbsSampler.sample', ['num_samples', 'k=1', 'betas=None', 'ret_states=True']),  # l.8549
    ('pydeep.rbm.sampler', 'ParallelTemperingSampler', ['model', 'num_chains=3', 'betas=None']),  # l.8571
    ('pydeep.rbm.sampler', 'ParallelTemperingSampler.__init__', ['model', 'num_chains=3', 'betas=None']),  # l.8576
    ('pydeep.rbm.sampler', 'ParallelTemperingSampler._swap_chains', ['chains', 'hid_states', 'model', 'betas']),  # l.8589
    ('pydeep.rbm.sampler', 'ParallelTemperingSampler.sample', ['num_samples', 'k=1', 'ret_states=True']),  # l.8603
    ('pydeep.rbm.sampler', 'IndependentParallelTemperingSampler', ['model', 'num_samples', 'num_chains=3', 'betas=None']),  # l.8622
    ('pydeep.rbm.sampler', 'IndependentParallelTemperingSampler.__init__', ['model', 'num_samples', 'num_chains=3', 'betas=None']),  # l.8630
    ('pydeep.rbm.sampler', 'IndependentParallelTemperingSampler._swap_chains', ['chains', 'num_chains', 'hid_states', 'model', 'betas']),  # l.8646
    ('pydeep.rbm.sampler', 'IndependentParallelTemperingSampler.sample', ["num_samples='AUTO'", 'k=1', 'ret_states=True']),  # l.8662

    # ---- pydeep.rbm.trainer
    ('pydeep.rbm.trainer', 'CD', ['model', 'data=None']),  # l.8724
    ('pydeep.rbm.trainer', 'CD.__init__', ['model', 'data=None']),  # l.8731
    ('pydeep.rbm.trainer', 'CD._adapt_gradient', ['pos_gradients', 'neg_gradients', 'batch_size', 'epsilon', 'momentum', 'reg_l1norm', 'reg_l2norm', 'reg_sparseness', 'desired_sparseness', 'mean_hidden_activity', 'visible_offsets', 'hidden_offsets', 'use_centered_gradient', 'restrict_gradient', 'restriction_norm']),  # l.8741
    ('pydeep.rbm.trainer', 'CD._calculate_centered_gradient', ['gradients', 'visible_offsets', 'hidden_offsets']),  # l.8789
    ('pydeep.rbm.trainer', 'CD._train', ['data', 'epsilon', 'k', 'momentum', 'reg_l1norm', 'reg_l2norm', 'reg_sparseness', 'desired_sparseness', 'update_visible_offsets', 'update_hidden_offsets', 'offset_typ', 'use_centered_gradient', 'restrict_gradient', 'restriction_norm', 'use_hidden_states']),  # l.8807
    ('pydeep.rbm.trainer', 'CD.train', ['data', 'num_epochs=1', 'epsilon=0.01', 'k=1', 'momentum=0.0', 'reg_l1norm=0.0', 'reg_l2norm=0.0', 'reg_sparseness=0.0', 'desired_sparseness=None', 'update_visible_offsets=0.01', 'update_hidden_offsets=0.01', "offset_typ='DD'", 'use_centered_gradient=False', 'restrict_gradient=False', "restriction_norm='Mat'", 'use_hidden_states=False']),  # l.8861
    ('pydeep.rbm.trainer', 'PCD', ['model', 'num_chains', 'data=None']),  # l.8920
    ('pydeep.rbm.trainer', 'PCD.__init__', ['model', 'num_chains', 'data=None']),  # l.8929
    ('pydeep.rbm.trainer', 'PT', ['model', 'betas=3', 'data=None']),  # l.8944
    ('pydeep.rbm.trainer', 'PT.__init__', ['model', 'betas=3', 'data=None']),  # l.8954
    ('pydeep.rbm.trainer', 'IPT', ['model', 'num_samples', 'betas=3', 'data=None']),  # l.8970
    ('pydeep.rbm.trainer', 'IPT.__init__', ['model', 'num_samples', 'betas=3', 'data=None']),  # l.8982
    ('pydeep.rbm.trainer', 'GD', ['model', 'data=None']),  # l.9002
    ('pydeep.rbm.trainer', 'GD.__init__', ['model', 'data=None']),  # l.9006
    ('pydeep.rbm.trainer', 'GD._train', ['data', 'epsilon', 'k', 'momentum', 'reg_l1norm', 'reg_l2norm', 'reg_sparseness', 'desired_sparseness', 'update_visible_offsets', 'update_hidden_offsets', 'offset_typ', 'use_centered_gradient', 'restrict_gradient', 'restriction_norm', 'use_hidden_states']),  # l.9016
]

# Documented as ``classmethod``: must be callable on the class itself.
CLASSMETHODS = frozenset([
    ('pydeep.base.activationfunction', 'Identity.ddf'),
    ('pydeep.base.activationfunction', 'Identity.df'),
    ('pydeep.base.activationfunction', 'Identity.dg'),
    ('pydeep.base.activationfunction', 'Identity.f'),
    ('pydeep.base.activationfunction', 'Identity.g'),
    ('pydeep.base.activationfunction', 'Rectifier.ddf'),
    ('pydeep.base.activationfunction', 'Rectifier.df'),
    ('pydeep.base.activationfunction', 'Rectifier.f'),
    ('pydeep.base.activationfunction', 'SoftPlus.ddf'),
    ('pydeep.base.activationfunction', 'SoftPlus.df'),
    ('pydeep.base.activationfunction', 'SoftPlus.dg'),
    ('pydeep.base.activationfunction', 'SoftPlus.f'),
    ('pydeep.base.activationfunction', 'SoftPlus.g'),
    ('pydeep.base.activationfunction', 'Step.ddf'),
    ('pydeep.base.activationfunction', 'Step.df'),
    ('pydeep.base.activationfunction', 'Step.f'),
    ('pydeep.base.activationfunction', 'Sigmoid.ddf'),
    ('pydeep.base.activationfunction', 'Sigmoid.df'),
    ('pydeep.base.activationfunction', 'Sigmoid.dg'),
    ('pydeep.base.activationfunction', 'Sigmoid.f'),
    ('pydeep.base.activationfunction', 'Sigmoid.g'),
    ('pydeep.base.activationfunction', 'SoftSign.ddf'),
    ('pydeep.base.activationfunction', 'SoftSign.df'),
    ('pydeep.base.activationfunction', 'SoftSign.f'),
    ('pydeep.base.activationfunction', 'HyperbolicTangent.ddf'),
    ('pydeep.base.activationfunction', 'HyperbolicTangent.df'),
    ('pydeep.base.activationfunction', 'HyperbolicTangent.dg'),
    ('pydeep.base.activationfunction', 'HyperbolicTangent.f'),
    ('pydeep.base.activationfunction', 'HyperbolicTangent.g'),
    ('pydeep.base.activationfunction', 'SoftMax.df'),
    ('pydeep.base.activationfunction', 'SoftMax.f'),
    ('pydeep.base.activationfunction', 'Sinus.ddf'),
    ('pydeep.base.activationfunction', 'Sinus.df'),
    ('pydeep.base.activationfunction', 'Sinus.f'),
    ('pydeep.base.corruptor', 'Identity.corrupt'),
    ('pydeep.base.corruptor', 'SamplingBinary.corrupt'),
    ('pydeep.base.costfunction', 'SquaredError.df'),
    ('pydeep.base.costfunction', 'SquaredError.f'),
    ('pydeep.base.costfunction', 'AbsoluteError.df'),
    ('pydeep.base.costfunction', 'AbsoluteError.f'),
    ('pydeep.base.costfunction', 'CrossEntropyError.df'),
    ('pydeep.base.costfunction', 'CrossEntropyError.f'),
    ('pydeep.base.costfunction', 'NegLogLikelihood.df'),
    ('pydeep.base.costfunction', 'NegLogLikelihood.f'),
    ('pydeep.misc.sshthreadpool', 'SSHConnection.decrypt'),
    ('pydeep.rbm.sampler', 'ParallelTemperingSampler._swap_chains'),
    ('pydeep.rbm.sampler', 'IndependentParallelTemperingSampler._swap_chains'),
    ('pydeep.rbm.trainer', 'CD._calculate_centered_gradient'),
])

# Documented as ``name()`` + "Not available!"; the table holds the parent's signature.
NOT_AVAILABLE_IN_SPEC = frozenset([
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM._add_visible_units'),
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM._base_log_partition'),
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM._remove_visible_units'),
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM.energy'),
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM.log_probability_h'),
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM.log_probability_v'),
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM.log_probability_v_h'),
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM.unnormalized_log_probability_h'),
    ('pydeep.rbm.model', 'BinaryBinaryLabelRBM.unnormalized_log_probability_v'),
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM._add_visible_units'),
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM._base_log_partition'),
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM._remove_visible_units'),
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM.energy'),
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM.log_probability_h'),
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM.log_probability_v'),
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM.log_probability_v_h'),
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM.unnormalized_log_probability_h'),
    ('pydeep.rbm.model', 'GaussianBinaryLabelRBM.unnormalized_log_probability_v'),
    ('pydeep.rbm.model', 'BinaryRectRBM._add_visible_units'),
    ('pydeep.rbm.model', 'BinaryRectRBM._base_log_partition'),
    ('pydeep.rbm.model', 'BinaryRectRBM._remove_visible_units'),
    ('pydeep.rbm.model', 'BinaryRectRBM.energy'),
    ('pydeep.rbm.model', 'BinaryRectRBM.log_probability_h'),
    ('pydeep.rbm.model', 'BinaryRectRBM.log_probability_v'),
    ('pydeep.rbm.model', 'BinaryRectRBM.log_probability_v_h'),
    ('pydeep.rbm.model', 'BinaryRectRBM.unnormalized_log_probability_h'),
    ('pydeep.rbm.model', 'BinaryRectRBM.unnormalized_log_probability_v'),
    ('pydeep.rbm.model', 'RectBinaryRBM._add_visible_units'),
    ('pydeep.rbm.model', 'RectBinaryRBM._base_log_partition'),
    ('pydeep.rbm.model', 'RectBinaryRBM._getbasebias'),
    ('pydeep.rbm.model', 'RectBinaryRBM._remove_visible_units'),
    ('pydeep.rbm.model', 'RectBinaryRBM.energy'),
    ('pydeep.rbm.model', 'RectBinaryRBM.log_probability_h'),
    ('pydeep.rbm.model', 'RectBinaryRBM.log_probability_v'),
    ('pydeep.rbm.model', 'RectBinaryRBM.log_probability_v_h'),
    ('pydeep.rbm.model', 'RectBinaryRBM.unnormalized_log_probability_h'),
    ('pydeep.rbm.model', 'RectBinaryRBM.unnormalized_log_probability_v'),
    ('pydeep.rbm.model', 'GaussianRectRBM._add_visible_units'),
    ('pydeep.rbm.model', 'GaussianRectRBM._base_log_partition'),
    ('pydeep.rbm.model', 'GaussianRectRBM._remove_visible_units'),
    ('pydeep.rbm.model', 'GaussianRectRBM.energy'),
    ('pydeep.rbm.model', 'GaussianRectRBM.log_probability_h'),
    ('pydeep.rbm.model', 'GaussianRectRBM.log_probability_v'),
    ('pydeep.rbm.model', 'GaussianRectRBM.log_probability_v_h'),
    ('pydeep.rbm.model', 'GaussianRectRBM.unnormalized_log_probability_h'),
    ('pydeep.rbm.model', 'GaussianRectRBM.unnormalized_log_probability_v'),
])

# Attributes the spec's tutorials read from instances of documented classes
# (the API reference itself lists no attributes): ``rbm.w``, ``rbm.bv``,
# ``rbm.bh``, ``rbm.sigma`` (GRBM tutorials), ``ae.w`` (AE tutorials),
# ``pca.projection_matrix``, ``pca.eigen_values`` (PCA tutorials),
# ``ica.projection_matrix`` (ICA tutorials). Subclasses inherit the check.
ATTRIBUTES = {
    ("pydeep.base.basicstructure", "BipartiteGraph"): ("w", "bv", "bh"),
    ("pydeep.rbm.model", "BinaryBinaryRBM"): ("w", "bv", "bh"),
    ("pydeep.rbm.model", "GaussianBinaryRBM"): ("w", "bv", "bh", "sigma"),
    ("pydeep.rbm.model", "GaussianBinaryVarianceRBM"): ("w", "bv", "bh", "sigma"),
    ("pydeep.ae.model", "AutoEncoder"): ("w", "bv", "bh"),
    ("pydeep.preprocessing", "PCA"): ("projection_matrix", "eigen_values"),
    ("pydeep.preprocessing", "ZCA"): ("projection_matrix", "eigen_values"),
    ("pydeep.preprocessing", "ICA"): ("projection_matrix",),
}

# Public names the spec documents only by a section heading (no signature, no text).
NAMES_ONLY = (
    ("pydeep.rbm.model", "SoftMaxSigmoid"),  # l.7808
    ("pydeep.rbm.model", "SoftMaxLinear"),  # l.7916
)
