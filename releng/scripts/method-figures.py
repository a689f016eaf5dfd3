#!/usr/bin/env python3
"""Helper of releng/scripts/method-figures: the clip plan, each clip's batch spec, and the tables.

The truth of a clip comes from the sample world itself: the same seed renders the same background and
moves any subject along the same path whatever its shape or colour (SampleWorld.clip). Two renders that
differ only in the subject's colour, P1 and P2, differ only where the subject covers a pixel, by
a·(P1 − P2) (a: its coverage), so the subject's true mask is a ≥ ½ (as the generator defines it) with
no threshold to choose. The result's subject is read by colour: the pixels whose chroma is at least
half the subject colour's and whose hue is nearest the asked colour's among the six subject colours
(the sample world's backgrounds are muted, its subject colours 60° apart). Restricting the mask to the
asked colour keeps a drifting or tinted background out of it (the checker's known-background mask took
every pixel that moved by more than 0.04, so a drifting background entered the mask and no frame
reached IoU 0.8). The same reader on the source clip itself is reported as a check of the reader.
"""
import glob
import json
import os
import random
import re
import subprocess
import sys

COLOURS = {  # SubjectColor
    "red": (0.88, 0.12, 0.12), "yellow": (0.95, 0.85, 0.10), "green": (0.12, 0.75, 0.18),
    "cyan": (0.10, 0.80, 0.88), "blue": (0.15, 0.28, 0.92), "magenta": (0.88, 0.14, 0.85)}
SHAPES = ["disc", "square", "triangle", "star", "ring", "cross"]
PATTERNS = ["gradient", "striped", "checkered", "mottled"]
BACKGROUNDS = ["grey", "blue", "green", "brown", "purple"]
SHAPE_SWAPS = [("disc", "square"), ("star", "triangle")]

COLOUR_VARIANTS = [  # name, label, swap job fields
    ("vs", "VideoSwap", {"method": "videoswap", "preset": "Draft"}),
    # COVE as the paper has it (Draft's steps), and without what came on 2026-12-08: the spatio-temporal attention
    # kept beside the correspondence attention, the source injected in the first steps
    ("covest", "COVE (spatio-temporal attention kept, source injected in 16 of 20 steps)",
     {"method": "cove", "preset": "Draft"}),
    ("covei", "COVE, source injected, own frame only", {"method": "cove", "preset": "Draft",
                                                       "spatioTemporalAttention": False}),
    ("cove", "COVE, own frame only, no source injection", {"method": "cove", "preset": "Draft", "injectionSteps": 0,
                                                          "spatioTemporalAttention": False}),
    ("fbf", "frame-by-frame (guidance 7.5, COVE's)", {"method": "cove", "preset": "Draft",
                                                      "correspondenceAttention": False, "injectionSteps": 0}),
    ("tav", "Tune-A-Video", {"method": "tuneavideo", "preset": "Draft"}),
    ("fbftav", "frame-by-frame (guidance 12.5, TAV's)", {"method": "cove", "preset": "Draft",
                                                          "correspondenceAttention": False, "guidanceScale": 12.5,
                                                          "injectionSteps": 0}),
]
SHAPE_VARIANTS = [v for v in COLOUR_VARIANTS if v[0] in ("vs", "covest", "covei", "cove", "tav")]


def plan(out, ncolour, nshape, frames):
    clips, jobs = [], []
    for i in range(1, ncolour + 1):
        seed = 100 + i
        r = random.Random(seed)
        colour = r.choice(sorted(COLOURS))
        c = dict(kind="colour", seed=seed, frames=frames, shape=r.choice(SHAPES), colour=colour,
                 target=r.choice([k for k in sorted(COLOURS) if k != colour]), pattern=r.choice(PATTERNS),
                 background=r.choice(BACKGROUNDS))
        clips.append((f"c{i:02d}", c))
    for i in range(1, nshape + 1):
        seed = 200 + i
        r = random.Random(seed)
        src, tgt = SHAPE_SWAPS[(i - 1) % 2]
        colour = r.choice(sorted(COLOURS))
        c = dict(kind="shape", seed=seed, frames=frames, shape=src, target=tgt, colour=colour,
                 alt=r.choice([k for k in sorted(COLOURS) if k != colour]), pattern=r.choice(PATTERNS),
                 background=r.choice(BACKGROUNDS))
        clips.append((f"s{i:02d}", c))
    # interleaved: a run cut short has as many clips of each kind
    order = []
    cs = [c for c in clips if c[1]["kind"] == "colour"]
    ss = [c for c in clips if c[1]["kind"] == "shape"]
    for k in range(max(len(cs), len(ss))):
        order += cs[k:k + 1] + ss[k:k + 1]
    for name, c in order:
        os.makedirs(os.path.join(out, name), exist_ok=True)
        with open(os.path.join(out, name, "clip.json"), "w") as f:
            json.dump(c, f, indent=1)
        base = dict(type="sample", seed=c["seed"], frames=frames, pattern=c["pattern"], background=c["background"])
        jobs.append(dict(base, output=f"{name}/src.mkv", shape=c["shape"], color=c["colour"]))
        if c["kind"] == "colour":  # the edit's truth: the same subject in the asked colour
            jobs.append(dict(base, output=f"{name}/truth.mkv", shape=c["shape"], color=c["target"]))
        else:  # the source's mask, the asked shape in the source's colour (the swap's truth) and its mask
            jobs.append(dict(base, output=f"{name}/srcalt.mkv", shape=c["shape"], color=c["alt"]))
            jobs.append(dict(base, output=f"{name}/truth.mkv", shape=c["target"], color=c["colour"]))
            jobs.append(dict(base, output=f"{name}/truthalt.mkv", shape=c["target"], color=c["alt"]))
        print(name)
    with open(os.path.join(out, "samples.json"), "w") as f:
        json.dump({"version": 1, "jobs": jobs}, f, indent=1)


def spec(d, only=None):
    """The clip's batch spec; with only (variant names), those edits of a clip already made, and its evaluation."""
    c = json.load(open(os.path.join(d, "clip.json")))
    truth = json.load(open(os.path.join(d, "src.truth.json")))
    prompt = truth["caption"]
    subject = c["colour"] if c["kind"] == "colour" else c["shape"]
    if not re.search(r"\b%s\b" % subject, prompt):
        raise SystemExit(f"{d}: the caption \"{prompt}\" does not name \"{subject}\"")
    jobs = [] if only else [
        {"type": "import", "video": "src.mkv", "project": "project", "shot": "sample",
         "clip": {"name": "main", "frames": c["frames"], "stride": 1, "size": "64x64"}},
        {"type": "prepare", "project": "project", "shot": "sample"},
        {"type": "track", "project": "project", "shot": "sample", "points": "src.truth.json"}]
    variants = COLOUR_VARIANTS if c["kind"] == "colour" else SHAPE_VARIANTS
    for name, _, fields in variants:
        if only and name not in only:
            continue
        jobs.append(dict({"type": "swap", "project": "project", "shot": "sample", "prompt": prompt,
                          "subject": subject, "target": c["target"], "name": name}, **fields))
    jobs.append({"type": "evaluate", "renders": "project/renders", "output": "eval",
                 "metrics": ["warp-error", "background-flicker", "background-psnr"]})
    print(json.dumps({"version": 1, "jobs": jobs}, indent=1))


# ---------------------------------------------------------------------------------------------- tables

def frames_of(path):
    import numpy as np
    p = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
                        "-of", "csv=p=0", path], capture_output=True, text=True, check=True)
    w, h = map(int, p.stdout.strip().split(",")[:2])
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, h, w, 3).astype(np.float64) / 255.0


def coverage(a, b, ca, cb):
    """Subject coverage per pixel from two renders that differ only in the subject's colour."""
    import numpy as np
    d = np.array(COLOURS[ca]) - np.array(COLOURS[cb])
    return ((a - b) @ d) / (d @ d)


def colour_mask(frames, colour):
    """The pixels of the asked subject colour: chroma at least half the colour's, hue nearest it."""
    import numpy as np
    mx, mn = frames.max(-1), frames.min(-1)
    chroma = mx - mn
    names = sorted(COLOURS)
    hues = np.array([hue(*COLOURS[n]) for n in names])
    h = hue_arr(frames)
    dist = np.abs(h[..., None] - hues)
    dist = np.minimum(dist, 360 - dist)
    nearest = np.array(names)[dist.argmin(-1)]
    rgb = COLOURS[colour]
    return (chroma >= 0.5 * (max(rgb) - min(rgb))) & (nearest == colour)


def hue(r, g, b):
    import colorsys
    return colorsys.rgb_to_hsv(r, g, b)[0] * 360


def hue_arr(f):
    import numpy as np
    r, g, b = f[..., 0], f[..., 1], f[..., 2]
    mx, mn = f.max(-1), f.min(-1)
    d = np.where(mx - mn > 0, mx - mn, 1)
    h = np.where(mx == r, ((g - b) / d) % 6, np.where(mx == g, (b - r) / d + 2, (r - g) / d + 4)) * 60
    return np.where(mx - mn > 0, h % 360, 0)


# ShapeGeometry's unit shapes (radius 1, centred on their centroid) and ShapeFit's symmetry periods
_TRI = [(1.25 * __import__("math").sin(2 * __import__("math").pi * k / 3),
         -1.25 * __import__("math").cos(2 * __import__("math").pi * k / 3)) for k in range(3)]
_STAR = [((1.2 if k % 2 == 0 else 0.5) * __import__("math").sin(__import__("math").pi * k / 5),
          -(1.2 if k % 2 == 0 else 0.5) * __import__("math").cos(__import__("math").pi * k / 5)) for k in range(10)]
PERIOD = {"disc": 0, "ring": 0, "square": 90, "cross": 90, "triangle": 120, "star": 72}


def _inside_polygon(poly, u, v):
    import numpy as np
    inside = np.zeros(u.shape, bool)
    n = len(poly)
    for i in range(n):
        (xi, yi), (xj, yj) = poly[i], poly[i - 1]
        cross = (yi > v) != (yj > v)
        with np.errstate(divide="ignore", invalid="ignore"):
            xc = (xj - xi) * (v - yi) / (yj - yi) + xi
        inside ^= cross & (u < xc)
    return inside


def contains(shape, u, v):
    import numpy as np
    if shape == "disc":
        return u * u + v * v <= 1
    if shape == "ring":
        r2 = u * u + v * v
        return (r2 <= 1) & (r2 >= 0.55 ** 2)
    if shape == "square":
        return (np.abs(u) <= 0.85) & (np.abs(v) <= 0.85)
    if shape == "cross":
        au, av = np.abs(u), np.abs(v)
        return ((au <= 0.34) & (av <= 1)) | ((av <= 0.34) & (au <= 1))
    return _inside_polygon(_TRI if shape == "triangle" else _STAR, u, v)


_AREA = {}


def unit_area(shape):
    import numpy as np
    if shape not in _AREA:
        g = (np.arange(400) + 0.5) / 400 * 2.5 - 1.25
        u, v = np.meshgrid(g, g)
        _AREA[shape] = contains(shape, u, v).mean() * 2.5 * 2.5
    return _AREA[shape]


def shape_fit(mask, shapes):
    """Each shape's best IoU with the mask: its template (2×2 samples a pixel, half coverage) at the mask's
    centroid, the radius from the mask's area (×0.9, 1, 1.1), rotations swept in 6° steps over the shape's
    period (as the sample world's ShapeFit, without its coordinate descent)."""
    import math
    import numpy as np
    out = {s: 0.0 for s in shapes}
    area = mask.sum()
    if area < 4:
        return out
    size = mask.shape[0]
    ys, xs = np.nonzero(mask)
    cx, cy = xs.mean(), ys.mean()
    sub = (np.arange(2) + 0.5) / 2 - 0.5
    px = (np.arange(size)[None, :, None, None] + sub[None, None, None, :])
    py = (np.arange(size)[:, None, None, None] + sub[None, None, :, None])
    dx = np.broadcast_to(px - cx, (size, size, 2, 2))
    dy = np.broadcast_to(py - cy, (size, size, 2, 2))
    for s in shapes:
        r0 = math.sqrt(area / unit_area(s))
        best = 0.0
        rots = [0] if PERIOD[s] == 0 else range(0, PERIOD[s], 6)
        for scale in (0.9, 1.0, 1.1):
            r = r0 * scale
            for deg in rots:
                a = math.radians(deg)
                u = (dx * math.cos(a) + dy * math.sin(a)) / r
                v = (-dx * math.sin(a) + dy * math.cos(a)) / r
                t = contains(s, u, v).mean(axis=(2, 3)) >= 0.5
                best = max(best, iou(t, mask))
        out[s] = best
    return out


def iou(a, b):
    import numpy as np
    u = (a | b).sum()
    return float((a & b).sum() / u) if u else 1.0


def centroid(m):
    import numpy as np
    ys, xs = np.nonzero(m)
    return (xs.mean(), ys.mean()) if len(xs) else (float("nan"), float("nan"))


STAGES = ("dift", "registration", "correspondence", "tuning", "inversion", "edit")


def seconds(d):
    """Each swap's wall seconds and stage seconds from the batch summary (stderr), by render name."""
    out = {}
    log = ""
    for f in sorted(glob.glob(os.path.join(d, "*time.log"))):  # time.log, and add-*.time.log of variants added
        log += open(f).read() + "\n"
    for line in log.split("\n"):
        m = re.match(r"\s+\[\d+/\d+\]\s+ok\s+([\d.]+) s\s.*swap-[a-z]+-(\w+)\.\{", line)
        if m:
            st = {k: float(v) for k, v in re.findall(r"\b(%s) ([\d.]+) s" % "|".join(STAGES), line)}
            out[m.group(2)] = (float(m.group(1)), st)
    return out


def peak_rss(d):
    try:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(os.path.join(d, "time.log")).read())
        return int(m.group(1)) / 1e6 if m else None
    except OSError:
        return None


def evaluation(d):
    out = {}
    try:
        ev = json.load(open(os.path.join(d, "eval", "evaluation.json")))
    except OSError:
        return out
    for e in ev["evaluations"]:
        name = e["label"].rsplit("-", 1)[-1]
        out[name] = {m["metric"]: m.get("summary") for m in e["measurements"]}
        for m in e["measurements"]:
            for n in m.get("notes") or []:
                f = re.search(r"source's own warp error \(for scale\): ([\d.]+)", n)
                if f:
                    out[name]["source-warp"] = float(f.group(1))
    return out


def measure_clip(d):
    import numpy as np
    from scipy import ndimage
    c = json.load(open(os.path.join(d, "clip.json")))
    src = frames_of(os.path.join(d, "src.mkv"))
    truth = frames_of(os.path.join(d, "truth.mkv"))
    if c["kind"] == "colour":
        a_src = coverage(src, truth, c["colour"], c["target"])
        a_tgt = a_src
        asked = c["target"]
    else:
        a_src = coverage(src, frames_of(os.path.join(d, "srcalt.mkv")), c["colour"], c["alt"])
        a_tgt = coverage(truth, frames_of(os.path.join(d, "truthalt.mkv")), c["colour"], c["alt"])
        asked = c["colour"]
    m_src, m_tgt = a_src >= 0.49, a_tgt >= 0.49
    # background: away from where either subject touches a pixel (dilated by 2 px for the edge blur)
    near = ndimage.binary_dilation((a_src > 0.02) | (a_tgt > 0.02), iterations=2, axes=(1, 2))
    ev, secs = evaluation(d), seconds(d)
    rows = []
    reader = [iou(colour_mask(src[i:i + 1], c["colour"])[0], m_src[i]) for i in range(len(src))]
    variants = COLOUR_VARIANTS if c["kind"] == "colour" else SHAPE_VARIANTS
    for name, label, _ in variants:
        p = os.path.join(d, "project", "renders", f"sample-main-swap-{c['target']}-{name}.mkv")
        if not os.path.exists(p):
            continue
        res = frames_of(p)
        n = min(len(res), len(src))
        res = res[:n]
        m_res = colour_mask(res, asked)
        minarea = max(4, int(0.01 * res.shape[1] * res.shape[2]))
        r = dict(clip=os.path.basename(d), variant=name, label=label, frames=n,
                 edit=f"{json.load(open(os.path.join(d, 'src.truth.json')))['caption']} -> {c['target']}")
        # asked colour found: the asked colour is the most common subject colour among the vivid pixels
        found = []
        for i in range(n):
            counts = {k: int(colour_mask(res[i:i + 1], k)[0].sum()) for k in COLOURS}
            best = max(counts, key=counts.get)
            found.append(best == asked and counts[best] >= minarea)
        r["colour_found"] = float(np.mean(found))
        r["iou_src"] = [iou(m_res[i], m_src[i]) for i in range(n)]
        r["iou_tgt"] = [iou(m_res[i], m_tgt[i]) for i in range(n)]
        r["f2f_iou"] = float(np.mean([iou(m_res[i], m_res[i + 1]) for i in range(n - 1)]))
        if c["kind"] == "shape":
            # which shape the result shows, rotation-free: the best fit of the six shapes, frame by frame
            fits = [shape_fit(m_res[i], SHAPES) for i in range(n)]
            read = [max(f, key=f.get) for f in fits]
            r["read_target"] = float(np.mean([x == c["target"] for x in read]))
            r["read_source"] = float(np.mean([x == c["shape"] for x in read]))
            r["fit_target"] = float(np.mean([f[c["target"]] for f in fits]))
            r["fit_source"] = float(np.mean([f[c["shape"]] for f in fits]))
            srcfits = [shape_fit(m_src[i], SHAPES) for i in range(n)]
            r["src_read_ok"] = float(np.mean([max(f, key=f.get) == c["shape"] for f in srcfits]))
            tgtfits = [shape_fit(m_tgt[i], SHAPES) for i in range(n)]
            r["tgt_read_ok"] = float(np.mean([max(f, key=f.get) == c["target"] for f in tgtfits]))
        cen = [centroid(m_res[i]) for i in range(n)]
        tc = [centroid(m_tgt[i]) for i in range(n)]
        r["centroid_err"] = float(np.nanmean([np.hypot(a[0] - b[0], a[1] - b[1]) for a, b in zip(cen, tc)]))
        bg = ~(near[:n] | ndimage.binary_dilation(m_res, iterations=1, axes=(1, 2)))
        mse = ((res - src[:n]) ** 2).mean(-1)[bg].mean()
        r["bg_db"] = float(10 * np.log10(1 / mse)) if mse > 0 else 99.0
        e = ev.get(name, {})
        r["warp"] = e.get("warp-error")
        r["flicker"] = e.get("background-flicker")
        r["source_warp"] = e.get("source-warp")
        r["seconds"], r["stages"] = secs.get(name, (None, {}))
        r["peak_rss_gb"] = peak_rss(d)
        r["src_f2f"] = float(np.mean([iou(m_src[i], m_src[i + 1]) for i in range(n - 1)]))
        r["truth_iou"] = float(np.mean([iou(m_src[i], m_tgt[i]) for i in range(n)]))
        r["reader_src_iou"] = float(np.mean(reader))
        rows.append(r)
    return c, rows


def fmt(x, f="%.3f"):
    return "–" if x is None or x != x else f % x


def tables(out):
    import numpy as np
    dirs = sorted(d for d in os.listdir(out) if re.fullmatch(r"[cs]\d\d", d))
    allrows = {"colour": [], "shape": []}
    readers = []
    for d in dirs:
        p = os.path.join(out, d)
        if not os.path.exists(os.path.join(p, "done")):
            continue
        c, rows = measure_clip(p)
        allrows[c["kind"]].extend(rows)
        if rows:
            readers.append(rows[0]["reader_src_iou"])
    with open(os.path.join(out, "rows.json"), "w") as f:
        json.dump(allrows, f, indent=1)
    print(f"reader check: the colour reader's mask on the source clips against their true masks, mean IoU "
          f"{fmt(np.mean(readers) if readers else None)} (min {fmt(min(readers) if readers else None)}) over "
          f"{len(readers)} clips")
    rows = allrows["colour"]
    if rows:
        print(f"\n## Colour edits ({len({r['clip'] for r in rows})} clips)\n")
        print("| method | clips | asked colour (frames) | outline IoU ≥ 0.8 (frames) | outline IoU (mean) | background dB "
              "| centroid error px | warp error (eval) | background flicker (eval, levels) | frame-to-frame mask IoU "
              "| s per edit |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for name, label, _ in COLOUR_VARIANTS:
            rs = [r for r in rows if r["variant"] == name]
            if not rs:
                continue
            ious = np.concatenate([r["iou_src"] for r in rs])
            print(f"| {label} | {len(rs)} | {100 * np.mean([r['colour_found'] for r in rs]):.1f} % | "
                  f"{100 * np.mean(ious >= 0.8):.1f} % | {ious.mean():.3f} | {np.mean([r['bg_db'] for r in rs]):.2f} | "
                  f"{np.nanmean([r['centroid_err'] for r in rs]):.2f} | "
                  f"{fmt(mean_of(rs, 'warp'), '%.4f')} | {fmt(mean_of(rs, 'flicker'), '%.2f')} | "
                  f"{np.mean([r['f2f_iou'] for r in rs]):.3f} | {fmt(mean_of(rs, 'seconds'), '%.0f')} |")
        src = [r for r in rows if r["variant"] == rows[0]["variant"]]
        print(f"\nThe sources' own warp error over the same pixels (for scale): {fmt(mean_of(src, 'source_warp'), '%.4f')}; "
              f"the sources' frame-to-frame IoU of their true masks {np.mean([r['src_f2f'] for r in src]):.3f}.")
        pairs(rows, "covest", "fbf")
        pairs(rows, "covei", "fbf")
        pairs(rows, "cove", "fbf")
        pairs(rows, "tav", "fbftav")
        pairs(rows, "tav", "fbf")
        pairs(rows, "vs", "fbf")
    rows = allrows["shape"]
    if rows:
        print(f"\n## Shape changes ({len({r['clip'] for r in rows})} clips: disc → square, star → triangle)\n")
        print("| method | clips | source colour (frames) | shape read: asked (frames) | shape read: source's (frames) "
              "| fit IoU asked / source shape | IoU with the asked shape's truth (pose incl. rotation) | IoU with the source's mask "
              "| centroid error px | background dB | warp error (eval) | background flicker (eval, levels) "
              "| frame-to-frame mask IoU | s per edit |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for name, label, _ in SHAPE_VARIANTS:
            rs = [r for r in rows if r["variant"] == name]
            if not rs:
                continue
            it = np.concatenate([r["iou_tgt"] for r in rs])
            isrc = np.concatenate([r["iou_src"] for r in rs])
            print(f"| {label} | {len(rs)} | {100 * np.mean([r['colour_found'] for r in rs]):.1f} % | "
                  f"{100 * np.mean([r['read_target'] for r in rs]):.1f} % | {100 * np.mean([r['read_source'] for r in rs]):.1f} % | "
                  f"{np.mean([r['fit_target'] for r in rs]):.3f} / {np.mean([r['fit_source'] for r in rs]):.3f} | "
                  f"{it.mean():.3f} | {isrc.mean():.3f} | {np.mean([r['centroid_err'] for r in rs]):.2f} | "
                  f"{np.mean([r['bg_db'] for r in rs]):.2f} | {fmt(mean_of(rs, 'warp'), '%.4f')} | "
                  f"{fmt(mean_of(rs, 'flicker'), '%.2f')} | "
                  f"{np.mean([r['f2f_iou'] for r in rs]):.3f} | {fmt(mean_of(rs, 'seconds'), '%.0f')} |")
        tr = [r for r in rows if r["variant"] == rows[0]["variant"]]
        print(f"\nShape reader check: the source's true mask read as its own shape in "
              f"{100 * np.mean([r['src_read_ok'] for r in tr]):.1f} % of frames, the asked shape's true mask as the asked "
              f"shape in {100 * np.mean([r['tgt_read_ok'] for r in tr]):.1f} %.")
        print(f"For scale: the source's true mask against the asked shape's true mask at the same pose, mean IoU "
              f"{np.mean([r['truth_iou'] for r in tr]):.3f}; the sources' own warp error {fmt(mean_of(tr, 'source_warp'), '%.4f')}.")
    stage_table(allrows)
    print("\n## Per clip\n")
    print("| clip | edit | method | colour | outline IoU (colour) / asked-shape truth IoU (shape) | source-mask IoU | asked shape read | bg dB | warp | f2f IoU | s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for kind in ("colour", "shape"):
        for r in allrows[kind]:
            main = r["iou_src"] if kind == "colour" else r["iou_tgt"]
            print(f"| {r['clip']} | {r['edit']} | {r['variant']} | {100 * r['colour_found']:.0f} % | {np.mean(main):.3f} | "
                  f"{np.mean(r['iou_src']):.3f} | {fmt(100 * r['read_target'] if 'read_target' in r else None, '%.0f %%')} | "
                  f"{r['bg_db']:.2f} | {fmt(r['warp'], '%.4f')} | {r['f2f_iou']:.3f} | "
                  f"{fmt(r['seconds'], '%.0f')} |")


def stage_table(allrows):
    """Seconds per stage on the tiny model, median over the edits, and the clip processes' peak RSS."""
    import numpy as np
    rows = allrows["colour"] + allrows["shape"]
    if not rows:
        return
    print("\n## Cost per stage, tiny sample model, 8 frames of 64×64, Draft presets (median seconds over the edits)\n")
    print("| method | edits | " + " | ".join(STAGES) + " | whole edit |")
    print("| --- | --- | " + " | ".join("---" for _ in STAGES) + " | --- |")
    for name, label, _ in COLOUR_VARIANTS:
        rs = [r for r in rows if r["variant"] == name and r["seconds"] is not None]
        if not rs:
            continue
        cells = []
        for st in STAGES:
            v = [r["stages"][st] for r in rs if st in r["stages"]]
            cells.append(f"{np.median(v):.1f}" if v else "–")
        print(f"| {label} | {len(rs)} | " + " | ".join(cells) + f" | {np.median([r['seconds'] for r in rs]):.1f} |")
    peaks = {}
    for r in rows:
        if r["peak_rss_gb"]:
            peaks[r["clip"]] = r["peak_rss_gb"]
    if peaks:
        v = sorted(peaks.values())
        print(f"\nPeak RSS of a clip's batch process (all its edits in one JVM): median {np.median(v):.2f} GB, "
              f"max {max(v):.2f} GB over {len(v)} clips")


def mean_of(rs, key):
    v = [r[key] for r in rs if r[key] is not None]
    return sum(v) / len(v) if v else None


def pairs(rows, a, b):
    """Clip by clip: how often method a is more consistent (lower warp error) than b."""
    by = {}
    for r in rows:
        by.setdefault(r["clip"], {})[r["variant"]] = r
    w = [(v[a]["warp"], v[b]["warp"]) for v in by.values() if a in v and b in v and v[a]["warp"] is not None
         and v[b]["warp"] is not None]
    f = [(v[a]["f2f_iou"], v[b]["f2f_iou"]) for v in by.values() if a in v and b in v]
    if w:
        print(f"\n{a} against {b}: lower warp error on {sum(x < y for x, y in w)} of {len(w)} clips "
              f"(mean {sum(x for x, _ in w) / len(w):.4f} against {sum(y for _, y in w) / len(w):.4f}); "
              f"higher frame-to-frame mask IoU on {sum(x > y for x, y in f)} of {len(f)}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "plan":
        plan(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    elif cmd == "spec":
        spec(sys.argv[2], sys.argv[3].split(",") if len(sys.argv) > 3 else None)
    elif cmd == "tables":
        tables(sys.argv[2])
