"""pydeep.ae"""
