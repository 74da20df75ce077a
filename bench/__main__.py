"""`make bench`: run every bench/*_bench.py module's main() in turn."""
import importlib
import pkgutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
for module in sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.endswith("_bench")):
    print(f"== {module}")
    importlib.import_module(f"bench.{module}").main()
