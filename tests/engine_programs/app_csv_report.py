# A CSV report: csv reader/DictWriter over StringIO, grouping, aggregates, formatted table.
import csv
import io
import statistics

RAW = """region,product,units,price
north,apple,10,0.5
south,apple,4,0.55
north,pear,7,0.8
east,apple,12,0.45
south,pear,3,0.9
east,fig,20,1.2
"""
rows = list(csv.DictReader(io.StringIO(RAW)))
by_region = {}
for r in rows:
    total = int(r["units"]) * float(r["price"])
    by_region.setdefault(r["region"], []).append(total)
out = io.StringIO()
w = csv.DictWriter(out, fieldnames=["region", "sales", "mean"], lineterminator="\n")
w.writeheader()
for region in sorted(by_region):
    sales = by_region[region]
    w.writerow({"region": region, "sales": "%.2f" % sum(sales), "mean": "%.3f" % statistics.mean(sales)})
print(out.getvalue(), end="")
for rec in csv.reader(io.StringIO(out.getvalue())):
    print("| " + " | ".join(f.rjust(7) for f in rec) + " |")
print(statistics.median(int(r["units"]) for r in rows), max(rows, key=lambda r: int(r["units"]))["product"])
