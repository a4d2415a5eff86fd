"""pydeep.base"""
