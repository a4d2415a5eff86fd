"""pydeep.rbm"""
