import Foundation
import SpyglassDetection

/// A seeded synthetic evaluation set: ground truth of many sizes (small/medium/large), some crowd and
/// difficult objects, and noisy detections — jittered hits, duplicates, wrong classes, false
/// positives, scores rounded to two decimals so ties occur, and one crowded image with more than
/// 100 detections of a class (maxDets).
enum EvalSyntheticData {
    static let categoryIDs = [1, 3, 7, 8, 12, 20, 25]  // 25 never appears in the ground truth

    /// `coarse`: every box on a 4-pixel grid and some objects annotated twice, so equal IoUs (ties
    /// between ground truths) and overlaps of exactly 0.5 occur.
    static func make(images count: Int, seed: UInt64, coarse: Bool = false) -> (EvaluationDataset, [ScoredDetection]) {
        var rng = SeededGenerator(seed: seed)
        func uniform(_ lo: Double, _ hi: Double) -> Double { Double.random(in: lo..<hi, using: &rng) }
        func chance(_ p: Double) -> Bool { uniform(0, 1) < p }
        func rounded(_ v: Double, _ places: Double) -> Double { (v * places).rounded() / places }
        func snapped(_ b: EvalBox) -> EvalBox {
            guard coarse else { return b }
            func s(_ v: Double) -> Double { max((v / 4).rounded() * 4, 0) }
            return EvalBox(x: s(b.x), y: s(b.y), width: max(s(b.width), 4), height: max(s(b.height), 4))
        }

        var images: [EvalImage] = [], objects: [GroundTruthObject] = [], detections: [ScoredDetection] = []
        let labelled = Array(categoryIDs.dropLast())
        for i in 0..<count {
            // Image ids deliberately not in file order.
            let imageID = (i * 7919) % 100_003 + 1
            let width = Int(uniform(320, 1024)), height = Int(uniform(240, 800))
            images.append(EvalImage(id: imageID, fileName: "img\(i).jpg", width: width, height: height))
            func randomBox() -> EvalBox {
                let side = exp(uniform(log(6), log(420)))  // areas from ~36 to ~176 000 px²
                let aspect = exp(uniform(-0.8, 0.8))
                let w = min(side * aspect, Double(width) - 1), h = min(side / aspect, Double(height) - 1)
                return EvalBox(x: rounded(uniform(0, Double(width) - w), 10), y: rounded(uniform(0, Double(height) - h), 10),
                               width: rounded(w, 10), height: rounded(h, 10))
            }
            let objectCount = chance(0.08) ? 0 : Int(uniform(1, 9))
            for _ in 0..<objectCount {
                let g = GroundTruthObject(id: objects.count + 1, imageID: imageID, categoryID: labelled.randomElement(using: &rng)!,
                                          box: snapped(randomBox()), isCrowd: chance(0.04), isDifficult: chance(0.08))
                objects.append(g)
                if coarse && chance(0.1) {
                    objects.append(GroundTruthObject(id: objects.count + 1, imageID: imageID, categoryID: g.categoryID, box: g.box))
                }
                if coarse && chance(0.15) {
                    // A twin 8 px to the right and a detection half-way: equal IoU with both, so which
                    // one it takes (pycocotools: the later) decides whether a second detection on the
                    // original still finds a free object at high IoU thresholds.
                    var twin = g.box; twin.x += 8
                    objects.append(GroundTruthObject(id: objects.count + 1, imageID: imageID, categoryID: g.categoryID, box: twin))
                    var between = g.box; between.x += 4
                    detections.append(ScoredDetection(imageID: imageID, categoryID: g.categoryID, box: between, score: 0.97))
                    detections.append(ScoredDetection(imageID: imageID, categoryID: g.categoryID, box: g.box, score: 0.96))
                }
                // A detection near most objects, sometimes a duplicate, sometimes the wrong class.
                for copy in 0..<(chance(0.2) ? 2 : 1) where chance(copy == 0 ? 0.85 : 1) {
                    let noise = chance(0.25) ? 0.35 : 0.08
                    let b = g.box
                    let box = snapped(EvalBox(x: b.x + uniform(-noise, noise) * b.width, y: b.y + uniform(-noise, noise) * b.height,
                                              width: b.width * exp(uniform(-noise, noise)), height: b.height * exp(uniform(-noise, noise))))
                    let category = chance(0.07) ? categoryIDs.randomElement(using: &rng)! : g.categoryID
                    detections.append(ScoredDetection(imageID: imageID, categoryID: category, box: box,
                                                      score: rounded(uniform(0.2, 1), 100)))
                }
            }
            for _ in 0..<Int(uniform(0, 4)) {
                detections.append(ScoredDetection(imageID: imageID, categoryID: categoryIDs.randomElement(using: &rng)!,
                                                  box: snapped(randomBox()), score: rounded(uniform(0, 0.7), 100)))
            }
            if i == count / 2 {
                // A crowded image: 130 detections of one class (pycocotools keeps the best 100).
                for _ in 0..<130 {
                    detections.append(ScoredDetection(imageID: imageID, categoryID: labelled[0], box: randomBox(),
                                                      score: rounded(uniform(0, 1), 100)))
                }
            }
        }
        // Results files list detections in no particular image order.
        var shuffled = detections
        shuffled.shuffle(using: &rng)
        let categories = categoryIDs.map { EvalCategory(id: $0, name: "class\($0)") }
        return (EvaluationDataset(images: images, categories: categories, groundTruth: objects), shuffled)
    }
}
