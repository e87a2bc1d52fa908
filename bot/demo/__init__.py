"""Demo data: a small FICTIONAL area written in the official file formats, loaded when the store is empty.

"Demoshire (fictional)" (LA 999, postcode districts ZZ1-ZZ9, URNs 990001-990030) has 30 made-up
schools chosen to exercise every case an answer must handle: infant/junior pairs, two schools with
the same name, a closed school reopened as an academy, independent and special schools, suppressed
and missing figures, old and new Ofsted frameworks (`data`). `write_demo_files` writes them as a
GIAS extract (cp1252) and links file, KS2 (2018/19) and KS4 (2023/24) performance tables, census and
absence (2023/24), an Ofsted management-information file and postcode-district centroids (`writers`),
each with the header and conventions of the real published file (`headers`). `ensure_data` loads
them through the ordinary ingest with `demo=True`, so everything built from them is marked
fictional; `remove_demo_data` takes them out again before real data goes in (`load`). `site`
publishes the area as the official sites do, for `schoolbot fetch`. Nothing here is random: the
same files come out byte for byte every time.
"""

from bot.demo.data import SCHOOLS
from bot.demo.load import ensure_data, remove_demo_data
from bot.demo.writers import write_demo_files

__all__ = ["SCHOOLS", "ensure_data", "remove_demo_data", "write_demo_files"]
