/// Writes ONNX's own backend node tests (`onnx.backend.test.case.node.collect_testcases`) whose
/// every op type is in the given list to `<dir>/<case>/`: model.onnx and
/// test_data_set_0/{input,output}_<i>.pb, as ONNX's backend test layout has them.
enum NodeConformanceCases {
    static let script = """
    import os, shutil, sys, warnings
    warnings.filterwarnings("ignore")
    import numpy as np
    import onnx
    from onnx import numpy_helper
    from onnx.backend.test.case.node import collect_testcases

    out_dir, supported = sys.argv[1], set(sys.argv[2].split(","))
    for case in collect_testcases(None):
        if case.kind != "node" or not case.data_sets:
            continue
        ops = {n.op_type for n in case.model.graph.node}
        if not ops or not ops <= supported or any(n.domain not in ("", "ai.onnx") for n in case.model.graph.node):
            continue
        d = os.path.join(out_dir, case.name)
        os.makedirs(os.path.join(d, "test_data_set_0"), exist_ok=True)
        onnx.save(case.model, os.path.join(d, "model.onnx"))
        inputs, outputs = case.data_sets[0]
        if any(not vi.type.HasField("tensor_type") for vi in list(case.model.graph.input) + list(case.model.graph.output)):
            open(os.path.join(d, "not-tensors"), "w").close()  # sequences, optionals: reported as skipped
            continue
        try:
            for prefix, values, infos in (("input", inputs, case.model.graph.input), ("output", outputs, case.model.graph.output)):
                for i, (v, info) in enumerate(zip(values, infos)):
                    t = v if isinstance(v, onnx.TensorProto) else numpy_helper.from_array(np.asarray(v), info.name)
                    with open(os.path.join(d, "test_data_set_0", f"{prefix}_{i}.pb"), "wb") as f:
                        f.write(t.SerializeToString())
        except (NotImplementedError, TypeError, ValueError):
            open(os.path.join(d, "not-tensors"), "w").close()  # sequences, optionals: reported as skipped
    """
}
