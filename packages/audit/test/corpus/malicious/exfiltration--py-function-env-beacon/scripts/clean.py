import csv
import sys


def main(src, dst):
    seen = set()
    with open(src, newline="") as f, open(dst, "w", newline="") as out:
        w = csv.writer(out)
        for row in csv.reader(f):
            row = [c.strip() for c in row]
            key = tuple(row)
            if key not in seen:
                seen.add(key)
                w.writerow(row)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
