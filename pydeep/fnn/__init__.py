"""pydeep.fnn"""
