import sys
from pathlib import Path
from PIL import Image

folder, width = Path(sys.argv[1]), int(sys.argv[2])
for p in folder.glob("*.png"):
    im = Image.open(p)
    if im.width > width:
        im.resize((width, im.height * width // im.width)).save(p.with_suffix(".small.png"))
