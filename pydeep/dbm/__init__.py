"""pydeep.dbm"""
