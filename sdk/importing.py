"""Set-based imports for packs: what an ``ImportType.load_rows`` uses to write a batch at once.

    from sdk.importing import LoadResult, existing_keys, insert_rows, resolve_customers

    def load_stays(*, session, tenant, rows):
        result = LoadResult()
        stored = existing_keys(session=session, tenant=tenant, column=HotelStay.booking_ref,
                               values={r.values["booking_ref"] for r in rows})
        customers = resolve_customers(session=session, tenant=tenant,
                                      refs={r.values["guest"] for r in rows})
        ...  # check each row in Python; put refused rows in result.problems[line]
        insert_rows(session=session, tenant=tenant, model=HotelStay, rows=new_rows)
        return result

A batch then costs a fixed number of statements, whatever its size.  See
:mod:`core.importing.bulk` for each helper's contract.
"""

from __future__ import annotations

from core.importing.bulk import (
    CustomerRefs,
    LoadResult,
    existing_keys,
    import_file,
    insert_rows,
    log_interactions,
    resolve_customers,
)

__all__ = [
    "CustomerRefs",
    "LoadResult",
    "existing_keys",
    "import_file",
    "insert_rows",
    "log_interactions",
    "resolve_customers",
]
