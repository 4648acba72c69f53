"""Writes the Kernel Lab's sample images into media/samples/.

Run with Debian's Python, which has scikit-image and Pillow: /usr/bin/python3 media/make-samples.py
The photographs come from scikit-image's bundled data (their licences are in media/LICENSES.md);
the digit and the test card are drawn here, so they carry this project's licence.
"""
import math
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from skimage import data

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "samples")
MAX_SIDE = 512  # the lab redraws on every slider move; larger photos add nothing to the lesson


def save_photo(name, pixels):
    image = Image.fromarray(pixels)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.LANCZOS)
    image.save(os.path.join(OUT, name + ".jpg"), quality=88, optimize=True)


def draw_digit():
    """A handwritten-style 2 the size of an MNIST digit: white strokes on black, 28×28.

    Drawn at 8× with round-capped strokes, blurred and downscaled so its edges are soft grey
    ramps, as in MNIST, rather than hard steps.
    """
    scale = 8
    big = Image.new("L", (28 * scale, 28 * scale), 0)
    pen = ImageDraw.Draw(big)
    points = []
    # Upper hook: an arc from the left, over the top, down to the right.
    for i in range(24):
        t = math.pi * (1.15 - 1.35 * i / 23)
        points.append((14 + 6.5 * math.cos(t), 10.5 - 5.5 * math.sin(t)))
    # Diagonal stroke down to the bottom-left, then the base line.
    points += [(16.5, 15), (12, 19), (8, 22.5), (13, 22), (18, 21.8), (21.5, 22.4)]
    scaled = [(x * scale, y * scale) for x, y in points]
    width = int(2.6 * scale)
    pen.line(scaled, fill=255, width=width, joint="curve")
    for x, y in (scaled[0], scaled[-1]):
        pen.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=255)
    big = big.filter(ImageFilter.GaussianBlur(scale * 0.6))
    big.resize((28, 28), Image.LANCZOS).save(os.path.join(OUT, "digit-28.png"), optimize=True)


def draw_test_card():
    """A 256×256 card with what kernels react to: fine lines at several angles and spacings,
    circles, text, a colour wheel and grey and colour gradients."""
    size = 256
    x = np.linspace(0, 1, size)
    card = np.zeros((size, size, 3), dtype=np.float64)
    card[:, :] = 0.5
    # Bottom band: horizontal grey ramp; above it a hue ramp.
    card[224:, :, :] = x[None, :, None]
    hue = x * 6
    for channel, offset in enumerate((0, 4, 2)):
        card[192:224, :, channel] = np.clip(np.abs((hue + offset) % 6 - 3) - 1, 0, 1)[None, :]
    image = Image.fromarray((card * 255).round().astype(np.uint8))
    pen = ImageDraw.Draw(image)
    # Top left: vertical and horizontal line gratings of spacing 2, 4 and 8 pixels.
    for i, step in enumerate((2, 4, 8)):
        for k in range(0, 40, step):
            pen.line((8 + i * 40 + k, 8, 8 + i * 40 + k, 48), fill=(0, 0, 0))
            pen.line((8 + i * 40, 56 + k, 46 + i * 40, 56 + k), fill=(255, 255, 255))
    # Top right: a star of lines at 15° steps.
    cx, cy = 196, 56
    for angle in range(0, 180, 15):
        a = math.radians(angle)
        dx, dy = 46 * math.cos(a), 46 * math.sin(a)
        pen.line((cx - dx, cy - dy, cx + dx, cy + dy), fill=(20, 20, 20), width=1)
    # Middle: concentric circles and filled discs in primary colours.
    for r in range(6, 48, 6):
        pen.ellipse((64 - r, 144 - r, 64 + r, 144 + r), outline=(255, 255, 255))
    for i, colour in enumerate(((230, 40, 40), (40, 200, 60), (50, 80, 230))):
        pen.ellipse((126 + i * 40, 108, 158 + i * 40, 140), fill=colour)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 22)
    pen.text((126, 150), "ConvLens", font=font, fill=(0, 0, 0))
    small = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 11)
    pen.text((128, 176), "3×3 kernels at work", font=small, fill=(255, 255, 255))
    image.save(os.path.join(OUT, "test-card.png"), optimize=True)


def main():
    os.makedirs(OUT, exist_ok=True)
    save_photo("camera", data.camera())
    save_photo("astronaut", data.astronaut())
    save_photo("coffee", data.coffee())
    save_photo("chelsea", data.chelsea())
    draw_digit()
    draw_test_card()


if __name__ == "__main__":
    main()
