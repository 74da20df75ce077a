"""`make bench`: run main() of every bench/*_bench.py module, one after another."""
import importlib
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
for path in sorted(pathlib.Path(__file__).parent.glob("*_bench.py")):
    print(f"== {path.stem}")
    importlib.import_module(f"bench.{path.stem}").main()
