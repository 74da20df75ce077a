"""`make bench`: run main() of every bench/*_bench.py module, in name order."""
import importlib
import pkgutil
from pathlib import Path

for module in sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.endswith("_bench")):
    print(f"== {module}")
    importlib.import_module(f"bench.{module}").main()
