"""Orders: what customers bought, with lines and returns, recorded by the API, the import and the
till, or made from purchases logged anywhere else in the CRM."""
