"""The catalog: product categories, products with their prices and costs, and the stores and
channels the shop sells through."""
