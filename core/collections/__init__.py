"""Payment collection (回款): plans of instalments a customer owes, payments against them, ageing."""
