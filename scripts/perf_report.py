#!/usr/bin/env python3
"""Turn the criterion results of `make bench` into the README's tables and
chart.

    python3 scripts/perf_report.py [target/criterion] [docs/performance.svg]
    python3 scripts/perf_report.py --quick target/quick.json [docs/performance.svg]

Prints Markdown tables (million operations per second from criterion's
median, and each paycrypt row's ratio to the best peer measured in the same
run) and writes a bar chart of those ratios as a self-contained SVG. With
--quick the chart is drawn from the ratios `make bench-quick` wrote
(interleaved best-of rounds, see benches/benches/quick.rs) instead. No
third-party packages.
"""

import json
import os
import sys

SIZES = [32, 64, 256, 1024, 16384]
PEERS = ["rustcrypto", "ring", "aws-lc-rs"]
BATCH = 64  # messages per sign_batch call in benches/benches/throughput.rs


def median_ns(root, group, func, size):
    path = os.path.join(root, group, func, str(size), "new", "estimates.json")
    try:
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"]
    except FileNotFoundError:
        return None


def mops(ns, per_call=1):
    return None if ns is None else per_call * 1e3 / ns


def fmt(v):
    if v is None:
        return "–"
    return f"{v:.3g}" if v < 1 else f"{v:.2f}"


def size_label(n):
    return f"{n // 1024} KiB" if n >= 1024 else f"{n} B"


def table(root, title, group, ours, extra_rows=()):
    """Rows of M ops/s per size; returns the ratio of `ours` to the best peer."""
    rows = {name: [mops(median_ns(root, group, fn, n)) for n in SIZES] for name, fn in ours}
    peers = {p: [mops(median_ns(root, group, p, n)) for n in SIZES] for p in PEERS}
    peers = {p: v for p, v in peers.items() if any(x is not None for x in v)}
    best = [max((v[i] for v in peers.values() if v[i] is not None), default=None) for i in range(len(SIZES))]
    print(f"| {title} | " + " | ".join(size_label(n) for n in SIZES) + " |")
    print("|---" * (len(SIZES) + 1) + "|")
    for name, v in list(rows.items()) + list(extra_rows):
        print(f"| {name} | " + " | ".join(fmt(x) for x in v) + " |")
    for p, v in peers.items():
        print(f"| {p} | " + " | ".join(fmt(x) for x in v) + " |")
    ratios = {}
    for name, v in list(rows.items()) + list(extra_rows):
        r = [None if a is None or b is None else a / b for a, b in zip(v, best)]
        ratios[name] = r
        print(f"| **{name} / best peer** | " + " | ".join("–" if x is None else f"{x:.2f}" for x in r) + " |")
    print()
    return ratios


def svg_chart(series, path, source="criterion median"):
    """Grouped bars: one group per size, one bar per series; a line at 1.0."""
    w, h, left, bottom, top = 760, 340, 56, 48, 40
    plot_w, plot_h = w - left - 20, h - bottom - top
    ymax = max(2.2, max(x for v in series.values() for x in v if x is not None) * 1.1)
    colors = ["#2b6cb0", "#38a169", "#dd6b20", "#805ad5"]
    group_w = plot_w / len(SIZES)
    bar_w = group_w * 0.8 / len(series)

    def y(v):
        return top + plot_h * (1 - v / ymax)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'font-family="sans-serif" font-size="12">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<text x="{left}" y="20" font-size="14">paycrypt throughput / best peer in the same run '
        f"({source}; above 1 = faster)</text>",
    ]
    tick = 0.0
    while tick <= ymax + 1e-9:
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#e2e8f0"/>')
        out.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:.1f}</text>')
        tick += 0.5
    for gi, n in enumerate(SIZES):
        x0 = left + gi * group_w + group_w * 0.1
        for si, (name, v) in enumerate(series.items()):
            if v[gi] is None:
                continue
            x = x0 + si * bar_w
            out.append(
                f'<rect x="{x:.1f}" y="{y(v[gi]):.1f}" width="{bar_w - 2:.1f}" '
                f'height="{top + plot_h - y(v[gi]):.1f}" fill="{colors[si % len(colors)]}">'
                f"<title>{name} {size_label(n)}: {v[gi]:.2f}</title></rect>"
            )
        out.append(f'<text x="{x0 + group_w * 0.4:.1f}" y="{top + plot_h + 18}" text-anchor="middle">{size_label(n)}</text>')
    out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(1):.1f}" y2="{y(1):.1f}" stroke="black" stroke-dasharray="4 3"/>')
    lx = left
    for si, name in enumerate(series):
        out.append(f'<rect x="{lx}" y="{h - 18}" width="12" height="12" fill="{colors[si % len(colors)]}"/>')
        out.append(f'<text x="{lx + 16}" y="{h - 8}">{name}</text>')
        lx += 16 + 8 * len(name) + 24
    out.append("</svg>")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--quick":
        with open(sys.argv[2]) as f:
            data = json.load(f)
        if data["sizes"] != SIZES:
            sys.exit(f"{sys.argv[2]}: sizes {data['sizes']} are not {SIZES}")
        svg = sys.argv[3] if len(sys.argv) > 3 else "docs/performance.svg"
        for name, v in data["ratios"].items():
            print(f"| {name} / best peer | " + " | ".join(f"{x:.2f}" for x in v) + " |")
        svg_chart(data["ratios"], svg, "interleaved best-of rounds, make bench-quick")
        print(f"chart: {svg}")
        return
    root = sys.argv[1] if len(sys.argv) > 1 else "target/criterion"
    svg = sys.argv[2] if len(sys.argv) > 2 else "docs/performance.svg"
    batch = [mops(median_ns(root, "hmac_sign_batch", "paycrypt", n), BATCH) for n in SIZES]
    r_hmac = table(
        root,
        "HMAC-SHA256 sign, 32-byte key, precomputed",
        "hmac_sign",
        [("paycrypt sign", "paycrypt")],
        extra_rows=[("paycrypt sign_batch, per message", batch)],
    )
    r_gcm = table(root, "AES-256-GCM seal, 16-byte AAD, key expanded once", "aes256gcm_seal", [("paycrypt seal", "paycrypt")])
    table(root, "AES-256-GCM open, 16-byte AAD, key expanded once", "aes256gcm_open", [("paycrypt open", "paycrypt")])
    series = {
        "HMAC sign": r_hmac["paycrypt sign"],
        "HMAC sign_batch": r_hmac["paycrypt sign_batch, per message"],
        "AES-256-GCM seal": r_gcm["paycrypt seal"],
    }
    svg_chart(series, svg)
    print(f"chart: {svg}")


if __name__ == "__main__":
    main()
