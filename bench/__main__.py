"""`make bench`: run main() of every bench/*_bench.py module and print its table."""
import importlib
import pkgutil
from pathlib import Path

for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda i: i.name):
    if info.name.endswith("_bench"):
        importlib.import_module(f"bench.{info.name}").main()
