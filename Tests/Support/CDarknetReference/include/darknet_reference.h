// Test-only bridge to the reference Darknet (Debian package `darknet`, libdarknet.so),
// loaded with dlopen so nothing in Spyglass links against it.
#ifndef SPYGLASS_DARKNET_REFERENCE_H
#define SPYGLASS_DARKNET_REFERENCE_H

typedef struct dnref_net dnref_net;

typedef struct {
    int cls;
    float prob;
    float x, y, w, h;  // centre and size, relative to the image
} dnref_detection;

/// 1 if libdarknet.so could be loaded; otherwise writes the reason to err.
int dnref_available(char *err, int errlen);

/// Loads cfg (+ weights if non-NULL) with batch 1. NULL on failure.
dnref_net *dnref_load(const char *cfg, const char *weights);
void dnref_free(dnref_net *net);

int dnref_input_w(const dnref_net *net);
int dnref_input_h(const dnref_net *net);
int dnref_input_c(const dnref_net *net);
int dnref_num_layers(const dnref_net *net);
/// Darknet's LAYER_TYPE enum value of layer i.
int dnref_layer_type(const dnref_net *net, int i);
/// Output dims (w, h, c) and element count of layer i.
int dnref_layer_out(const dnref_net *net, int i, int *w, int *h, int *c);
/// Output of layer i after the last predict (valid until the next predict / free).
const float *dnref_layer_output(const dnref_net *net, int i);

/// network_predict on a CHW float input of w*h*c elements.
void dnref_predict(dnref_net *net, const float *input);

/// Darknet's detector path: load_image_color, network_predict_image (letterbox), get_network_boxes,
/// do_nms_sort(nms) when nms > 0. Writes up to max detections (one per class above thresh) and returns
/// how many there were in total. `classes` is the class count from the cfg.
int dnref_detect(dnref_net *net, const char *image, float thresh, float nms, int classes,
                 dnref_detection *out, int max);

/// Darknet's load_image_color + letterbox_image to w×h; writes 3*w*h floats (CHW). Returns 0 on success.
int dnref_letterbox(const char *image, int w, int h, float *out);
/// Darknet's load_image_color: fills *w, *h; if out is non-NULL writes 3*w*h floats (CHW).
int dnref_load_image(const char *image, int *w, int *h, float *out, int max_elements);

/// Loads cfg without weights with Darknet's stderr (its layer table, with per-layer BFLOPs)
/// redirected into log_path, then frees it. Returns 0 on success.
int dnref_load_log(const char *cfg, const char *log_path);

/// libdarknet's do_nms_sort on n detections given as boxes (n*4: x, y, w, h), objectness (n) and
/// probs (n*classes, row per detection). Rewrites all three in the order do_nms_sort leaves them and
/// writes each slot's original index to order (n). Returns 0 on success.
int dnref_do_nms_sort(float *boxes, float *objectness, float *probs, int n, int classes, float thresh, int *order);
/// libdarknet's box_iou on two centre/size boxes.
float dnref_box_iou(float ax, float ay, float aw, float ah, float bx, float by, float bw, float bh);

#endif
