/// Darknet's `do_nms_sort`, reproduced step for step so detections match the reference:
/// 1. detections with objectness exactly 0 are swapped to the end (Darknet's in-place swap loop) and
///    left out of the rest;
/// 2. for each class k: stable sort by prob[k] descending (glibc's qsort is a stable merge sort here,
///    and each class's sort starts from the previous class's order); then for each i with prob[k] ≠ 0,
///    every later j with IoU(i, j) > `threshold` gets prob[k] = 0.
/// Returns the reordered array (suppressed entries keep their box, with zeroed probabilities).
public func darknetNMSSort(_ detections: [RawDetection], classes: Int, threshold: Float) -> [RawDetection] {
    darknetNMSSortTracked(detections, classes: classes, threshold: threshold).detections
}

/// `darknetNMSSort` that also returns, for each output slot, the index of its input detection.
func darknetNMSSortTracked(_ detections: [RawDetection], classes: Int, threshold: Float)
    -> (detections: [RawDetection], order: [Int]) {
    var dets = detections
    var order = Array(detections.indices)
    var last = dets.count - 1
    var i = 0
    while i <= last {
        if dets[i].objectness == 0 {
            dets.swapAt(i, last)
            order.swapAt(i, last)
            last -= 1
        } else {
            i += 1
        }
    }
    let total = last + 1
    guard total > 0 else { return (dets, order) }
    for k in 0..<max(classes, 0) {
        let sorted = stableDescendingOrder((0..<total).map { dets[$0].prob(k) })
        dets.replaceSubrange(0..<total, with: sorted.map { dets[$0] })
        order.replaceSubrange(0..<total, with: sorted.map { order[$0] })
        for i in 0..<total where dets[i].prob(k) != 0 {
            let a = dets[i].box
            for j in (i + 1)..<total where a.iou(dets[j].box) > threshold {
                if k < dets[j].probs.count { dets[j].probs[k] = 0 }
            }
        }
    }
    return (dets, order)
}

/// The permutation that stably sorts `keys` descending, as glibc's qsort does it (top-down merge
/// sort: halves of n/2 and n - n/2, take from the left unless the right is strictly greater). With
/// NaN keys, which Darknet's comparator calls equal to everything, the exact merge order matters,
/// hence this rather than the standard library's sort.
private func stableDescendingOrder(_ keys: [Float]) -> [Int] {
    var order = Array(keys.indices)
    var scratch = order
    mergeSort(&order, &scratch, 0, keys.count, keys)
    return order
}

private func mergeSort(_ order: inout [Int], _ scratch: inout [Int], _ start: Int, _ end: Int, _ keys: [Float]) {
    let n = end - start
    if n <= 1 { return }
    let mid = start + n / 2
    mergeSort(&order, &scratch, start, mid, keys)
    mergeSort(&order, &scratch, mid, end, keys)
    var l = start, r = mid, o = start
    while l < mid && r < end {
        if keys[order[l]] < keys[order[r]] { scratch[o] = order[r]; r += 1 } else { scratch[o] = order[l]; l += 1 }
        o += 1
    }
    while l < mid { scratch[o] = order[l]; l += 1; o += 1 }
    while r < end { scratch[o] = order[r]; r += 1; o += 1 }
    for i in start..<end { order[i] = scratch[i] }
}
