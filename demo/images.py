"""Draw the demo site's hero illustrations and author portraits, offline."""

import colorsys
import io
import math
from random import Random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

PALETTES = [
    ("teal and coral", ["#0f4c5c", "#2a9d8f", "#e76f51", "#f4a261", "#e9c46a"]),
    ("deep blue and violet", ["#14213d", "#3a0ca3", "#7209b7", "#4361ee", "#4cc9f0"]),
    ("forest green and gold", ["#1b4332", "#2d6a4f", "#95d5b2", "#d4a373", "#ffb703"]),
    ("crimson and sand", ["#3d0c11", "#9d0208", "#dc2f02", "#f4d58d", "#e85d04"]),
    ("slate and mint", ["#22333b", "#5e6472", "#aed9e0", "#b8f2e6", "#faf3dd"]),
    ("magenta and amber", ["#2b2d42", "#ef476f", "#ffd166", "#06d6a0", "#118ab2"]),
    ("ink and orange", ["#0b090a", "#161a1d", "#ff6d00", "#ff9e00", "#f5f3f4"]),
    ("ocean blue", ["#03045e", "#0077b6", "#00b4d8", "#90e0ef", "#caf0f8"]),
    ("plum and peach", ["#3c1642", "#7b2d6b", "#c05a8a", "#ffb4a2", "#ffcdb2"]),
    ("olive and cream", ["#283618", "#606c38", "#dda15e", "#bc6c25", "#fefae0"]),
]

HERO_SIZE = (1200, 675)
PORTRAIT_SIZE = 400
STYLE_DESCRIPTIONS = {
    "orbs": "soft overlapping circles",
    "bands": "diagonal bands of colour",
    "tiles": "a grid of geometric tiles",
    "waves": "flowing wave lines",
    "rings": "concentric rings",
}


def _jpeg(image, quality):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def _rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def _gradient(size, start, end, angle):
    side = 256
    mask = Image.linear_gradient("L").rotate(angle, resample=Image.BICUBIC)
    inner = round(side / math.sqrt(2))
    offset = (side - inner) // 2
    mask = mask.crop((offset, offset, offset + inner, offset + inner)).resize(size)
    return Image.composite(
        Image.new("RGB", size, end), Image.new("RGB", size, start), mask
    )


def _overlay(base, draw_on, blur=0):
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw_on(ImageDraw.Draw(layer))
    if blur:
        layer = layer.filter(ImageFilter.GaussianBlur(blur))
    return Image.alpha_composite(base.convert("RGBA"), layer)


def _orbs(rng, colours, size):
    width, height = size
    image = _gradient(size, colours[0], colours[1], rng.uniform(0, 360))

    def soft(draw):
        for _ in range(rng.randint(7, 12)):
            x, y, r = (
                rng.uniform(0, width),
                rng.uniform(0, height),
                rng.uniform(80, 320),
            )
            fill = (*rng.choice(colours[1:]), rng.randint(110, 200))
            draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)

    def crisp(draw):
        for _ in range(rng.randint(2, 5)):
            x, y, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(20, 70)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(*colours[-1], 220))

    return _overlay(_overlay(image, soft, blur=40), crisp, blur=1)


def _bands(rng, colours, size):
    width, height = size
    image = _gradient(size, colours[0], colours[2], rng.uniform(0, 360))
    slope = rng.uniform(0.4, 1.2) * rng.choice([-1, 1])

    def draw_bands(draw):
        x = -width
        while x < width * 2:
            band = rng.uniform(40, 180)
            fill = (*rng.choice(colours), rng.randint(90, 190))
            top, bottom = x, x + band
            draw.polygon(
                [
                    (top, 0),
                    (bottom, 0),
                    (bottom + slope * height, height),
                    (top + slope * height, height),
                ],
                fill=fill,
            )
            x = bottom + rng.uniform(20, 120)

    return _overlay(image, draw_bands, blur=2)


def _tiles(rng, colours, size):
    width, height = size
    cell = rng.choice([75, 100, 135])
    gap = 3
    image = Image.new("RGB", size, colours[0])
    for x in range(0, width, cell):
        for y in range(0, height, cell):
            tile = Image.new("RGB", (cell - gap, cell - gap), rng.choice(colours))
            draw = ImageDraw.Draw(tile)
            edge = cell - gap
            fill = rng.choice(colours)
            shape = rng.random()
            if shape < 0.3:
                draw.ellipse((8, 8, edge - 8, edge - 8), fill=fill)
            elif shape < 0.6:
                # A circle centred on a corner, clipped by the tile: a quarter circle.
                cx, cy = rng.choice([(0, 0), (edge, 0), (0, edge), (edge, edge)])
                draw.ellipse((cx - edge, cy - edge, cx + edge, cy + edge), fill=fill)
            elif shape < 0.75:
                draw.polygon([(0, edge), (edge, edge), (edge, 0)], fill=fill)
            image.paste(tile, (x, y))
    return image


def _waves(rng, colours, size):
    width, height = size
    image = _gradient(size, colours[0], colours[1], rng.uniform(60, 120))

    def draw_waves(draw):
        for _ in range(rng.randint(6, 11)):
            amplitude = rng.uniform(20, 120)
            period = rng.uniform(250, 700)
            phase = rng.uniform(0, math.tau)
            base = rng.uniform(0, height)
            points = [
                (x, base + amplitude * math.sin(phase + x / period * math.tau))
                for x in range(-20, width + 40, 20)
            ]
            fill = (*rng.choice(colours[2:]), rng.randint(120, 230))
            draw.line(points, fill=fill, width=rng.randint(4, 22), joint="curve")

    return _overlay(image, draw_waves, blur=1)


def _rings(rng, colours, size):
    width, height = size
    image = Image.radial_gradient("L").resize(size)
    image = Image.composite(
        Image.new("RGB", size, colours[0]), Image.new("RGB", size, colours[1]), image
    )

    def draw_rings(draw):
        for _ in range(rng.randint(1, 3)):
            cx, cy = rng.uniform(0, width), rng.uniform(0, height)
            for radius in range(rng.randint(30, 60), 900, rng.randint(28, 60)):
                fill = (*rng.choice(colours[2:]), rng.randint(80, 200))
                draw.ellipse(
                    (cx - radius, cy - radius, cx + radius, cy + radius),
                    outline=fill,
                    width=rng.randint(3, 12),
                )

    return _overlay(image, draw_rings, blur=1)


STYLES = {
    "orbs": _orbs,
    "bands": _bands,
    "tiles": _tiles,
    "waves": _waves,
    "rings": _rings,
}


def hero_image(number):
    """Return JPEG bytes and alt text of abstract illustration number (stable)."""
    rng = Random(f"hero-{number}")
    style = list(STYLES)[number % len(STYLES)]
    palette_name, hex_colours = PALETTES[
        (number // len(STYLES) + number) % len(PALETTES)
    ]
    colours = [_rgb(c) for c in hex_colours]
    rng.shuffle(colours)
    image = STYLES[style](rng, colours, HERO_SIZE).convert("RGB")
    alt = f"Abstract illustration of {STYLE_DESCRIPTIONS[style]} in {palette_name}"
    return _jpeg(image, 85), alt


def portrait(number, name):
    """Return JPEG bytes of a soft gradient square with name's initials."""
    size = (PORTRAIT_SIZE, PORTRAIT_SIZE)
    hue = (number * 0.618034 + 0.05) % 1.0
    light = tuple(round(c * 255) for c in colorsys.hls_to_rgb(hue, 0.72, 0.55))
    dark = tuple(
        round(c * 255) for c in colorsys.hls_to_rgb((hue + 0.08) % 1, 0.38, 0.5)
    )
    image = _gradient(size, light, dark, 35 + number * 29)

    def glow(draw):
        draw.ellipse((-80, -120, 260, 220), fill=(255, 255, 255, 70))

    image = _overlay(image, glow, blur=50)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=150)
    centre = (PORTRAIT_SIZE / 2, PORTRAIT_SIZE / 2)
    draw.text(
        (centre[0] + 3, centre[1] + 4),
        initials,
        font=font,
        anchor="mm",
        fill=(0, 0, 0, 60),
    )
    draw.text(centre, initials, font=font, anchor="mm", fill=(255, 255, 255, 240))
    return _jpeg(image.convert("RGB"), 88)
