"""pydeep.misc"""
