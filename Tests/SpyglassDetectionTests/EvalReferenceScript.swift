/// The Python side of the cross-check: pycocotools' COCOeval on the files the test writes, and an
/// independent PASCAL VOC implementation written here from the published definitions (devkit
/// VOCevaldet.m matching with 1-pixel-inclusive boxes and overlap ≥ 0.5; VOC2007 11-point AP at
/// recall levels i/10; VOC2010 area under the monotone precision envelope).
enum EvalReferenceScript {
    static let source = #"""
import contextlib, json, math, sys
import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

gt_path, dt_path = sys.argv[1], sys.argv[2]
with contextlib.redirect_stdout(sys.stderr):
    gt = COCO(gt_path)
    dt = gt.loadRes(dt_path)
    ev = COCOeval(gt, dt, 'bbox')
    ev.evaluate(); ev.accumulate(); ev.summarize()
precision = ev.eval['precision']
per_class = {}
for k, cid in enumerate(ev.params.catIds):
    s = precision[:, :, k, 0, -1]
    s = s[s > -1]
    per_class[str(cid)] = float(np.mean(s)) if s.size else -1.0

G = json.load(open(gt_path))
D = json.load(open(dt_path))

def voc_ap(cid, eleven_point):
    objects = {}
    for a in G['annotations']:
        if a['category_id'] == cid:
            objects.setdefault(a['image_id'], []).append(a)
    npos = sum(1 for objs in objects.values() for a in objs if not a.get('difficult', 0))
    if npos == 0:
        return None
    taken = {img: [False] * len(objs) for img, objs in objects.items()}
    dets = sorted([d for d in D if d['category_id'] == cid], key=lambda d: -d['score'])  # stable
    tp, fp = [], []
    for d in dets:
        x1, y1, w, h = d['bbox']; x2 = x1 + w - 1; y2 = y1 + h - 1
        best, j = -math.inf, -1
        for n, a in enumerate(objects.get(d['image_id'], [])):
            gx1, gy1, gw, gh = a['bbox']; gx2 = gx1 + gw - 1; gy2 = gy1 + gh - 1
            iw = min(x2, gx2) - max(x1, gx1) + 1
            ih = min(y2, gy2) - max(y1, gy1) + 1
            if iw > 0 and ih > 0:
                ua = (x2 - x1 + 1) * (y2 - y1 + 1) + (gx2 - gx1 + 1) * (gy2 - gy1 + 1) - iw * ih
                o = iw * ih / ua
                if o > best:
                    best, j = o, n
        if best >= 0.5:
            if objects[d['image_id']][j].get('difficult', 0):
                t, f = 0, 0
            elif not taken[d['image_id']][j]:
                taken[d['image_id']][j] = True
                t, f = 1, 0
            else:
                t, f = 0, 1
        else:
            t, f = 0, 1
        tp.append(t); fp.append(f)
    ctp = np.cumsum(np.array(tp, dtype=float)); cfp = np.cumsum(np.array(fp, dtype=float))
    rec = ctp / npos
    prec = ctp / np.maximum(ctp + cfp, np.finfo(np.float64).eps)
    if eleven_point:
        ap = 0.0
        for i in range(11):
            p = prec[rec >= i / 10]
            ap += (p.max() if p.size else 0.0) / 11
        return float(ap)
    mrec = np.concatenate(([0.0], rec, [1.0]))
    mpre = np.concatenate(([0.0], prec, [0.0]))
    for i in range(len(mpre) - 1, 0, -1):
        mpre[i - 1] = max(mpre[i - 1], mpre[i])
    idx = np.where(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[idx + 1] - mrec[idx]) * mpre[idx + 1]))

cats = [c['id'] for c in G['categories']]
print(json.dumps({
    'stats': [float(v) for v in ev.stats],
    'per_class': per_class,
    'iouThrs': [float(v) for v in ev.params.iouThrs],
    'recThrs': [float(v) for v in ev.params.recThrs],
    'voc07': {str(c): voc_ap(c, True) for c in cats},
    'voc12': {str(c): voc_ap(c, False) for c in cats},
}))
"""#
}
