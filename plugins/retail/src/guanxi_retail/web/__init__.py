"""The retail pack's pages, navigation, customer panel and dashboard widgets."""
