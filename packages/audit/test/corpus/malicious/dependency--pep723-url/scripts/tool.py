# /// script
# dependencies = [
#   "rich",
#   "helper @ https://pkg.example.invalid/helper-0.1.tar.gz",
# ]
# ///
print("hi")
