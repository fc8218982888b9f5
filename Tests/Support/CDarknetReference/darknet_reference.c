#include "darknet_reference.h"
#include <darknet.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <xmmintrin.h>

static void *lib;
static network *(*p_load_network)(char *, char *, int);
static void (*p_set_batch_network)(network *, int);
static float *(*p_network_predict)(network *, float *);
static float *(*p_network_predict_image)(network *, image);
static void (*p_free_network)(network *);
static image (*p_load_image_color)(char *, int, int);
static image (*p_letterbox_image)(image, int, int);
static void (*p_free_image)(image);
static detection *(*p_get_network_boxes)(network *, int, int, float, float, int *, int, int *);
static void (*p_do_nms_sort)(detection *, int, int, float);
static void (*p_free_detections)(detection *, int);
static float (*p_box_iou)(box, box);

struct dnref_net { network *net; };

#define SYM(name) do { *(void **)(&p_##name) = dlsym(lib, #name); if (!p_##name) { snprintf(err, errlen, "symbol %s missing", #name); return 0; } } while (0)

int dnref_available(char *err, int errlen) {
    if (lib) return 1;
    const char *paths[] = {"/usr/lib/darknet/libdarknet.so", "libdarknet.so"};
    for (int i = 0; i < 2 && !lib; i++) lib = dlopen(paths[i], RTLD_NOW | RTLD_GLOBAL);
    if (!lib) { snprintf(err, errlen, "cannot load libdarknet.so: %s", dlerror()); return 0; }
    // libdarknet is built with -Ofast, so loading it runs crtfastmath's constructor, which turns on
    // flush-to-zero / denormals-are-zero for the loading thread. Undo that so the reference does not
    // change how the rest of the test process computes (denormals only; far below any tolerance).
    _mm_setcsr(_mm_getcsr() & ~0x8040u);
    SYM(load_network); SYM(set_batch_network); SYM(network_predict); SYM(network_predict_image);
    SYM(free_network); SYM(load_image_color); SYM(letterbox_image); SYM(free_image);
    SYM(get_network_boxes); SYM(do_nms_sort); SYM(free_detections); SYM(box_iou);
    return 1;
}

dnref_net *dnref_load(const char *cfg, const char *weights) {
    char err[256];
    if (!dnref_available(err, sizeof err)) return NULL;
    network *net = p_load_network((char *)cfg, (char *)weights, 0);
    if (!net) return NULL;
    p_set_batch_network(net, 1);
    dnref_net *r = calloc(1, sizeof *r);
    r->net = net;
    return r;
}

void dnref_free(dnref_net *r) {
    if (!r) return;
    p_free_network(r->net);
    free(r);
}

int dnref_input_w(const dnref_net *r) { return r->net->w; }
int dnref_input_h(const dnref_net *r) { return r->net->h; }
int dnref_input_c(const dnref_net *r) { return r->net->c; }
int dnref_num_layers(const dnref_net *r) { return r->net->n; }
int dnref_layer_type(const dnref_net *r, int i) { return r->net->layers[i].type; }
int dnref_layer_out(const dnref_net *r, int i, int *w, int *h, int *c) {
    layer l = r->net->layers[i];
    *w = l.out_w; *h = l.out_h; *c = l.out_c;
    return l.outputs;
}
const float *dnref_layer_output(const dnref_net *r, int i) { return r->net->layers[i].output; }

void dnref_predict(dnref_net *r, const float *input) { p_network_predict(r->net, (float *)input); }

int dnref_detect(dnref_net *r, const char *path, float thresh, float nms, int classes,
                 dnref_detection *out, int max) {
    image im = p_load_image_color((char *)path, 0, 0);
    p_network_predict_image(r->net, im);
    int num = 0;
    detection *dets = p_get_network_boxes(r->net, im.w, im.h, thresh, 0.5f, NULL, 1, &num);
    if (num && nms > 0) p_do_nms_sort(dets, num, classes, nms);
    int k = 0;
    for (int i = 0; i < num; i++) {
        for (int c = 0; c < classes; c++) {
            float p = dets[i].prob[c];
            if (p > thresh) {
                if (k < max) {
                    out[k].cls = c; out[k].prob = p;
                    out[k].x = dets[i].bbox.x; out[k].y = dets[i].bbox.y;
                    out[k].w = dets[i].bbox.w; out[k].h = dets[i].bbox.h;
                }
                k++;
            }
        }
    }
    p_free_detections(dets, num);
    p_free_image(im);
    return k;
}

int dnref_load_image(const char *path, int *w, int *h, float *out, int max_elements) {
    char err[256];
    if (!dnref_available(err, sizeof err)) return -1;
    image im = p_load_image_color((char *)path, 0, 0);
    *w = im.w; *h = im.h;
    if (out) {
        int n = im.w * im.h * im.c;
        if (n > max_elements) n = max_elements;
        memcpy(out, im.data, sizeof(float) * (size_t)n);
    }
    p_free_image(im);
    return 0;
}

int dnref_letterbox(const char *path, int w, int h, float *out) {
    char err[256];
    if (!dnref_available(err, sizeof err)) return -1;
    image im = p_load_image_color((char *)path, 0, 0);
    image boxed = p_letterbox_image(im, w, h);
    memcpy(out, boxed.data, sizeof(float) * (size_t)(w * h * 3));
    p_free_image(boxed);
    p_free_image(im);
    return 0;
}

int dnref_load_log(const char *cfg, const char *log_path) {
    char err[256];
    if (!dnref_available(err, sizeof err)) return -1;
    fflush(stderr);
    int saved = dup(2);
    int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || saved < 0) return -1;
    dup2(fd, 2);
    network *net = p_load_network((char *)cfg, NULL, 0);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(fd);
    if (!net) return -1;
    p_free_network(net);
    return 0;
}

int dnref_do_nms_sort(float *boxes, float *objectness, float *probs, int n, int classes, float thresh, int *order) {
    char err[256];
    if (!dnref_available(err, sizeof err) || n < 0 || classes < 0) return -1;
    if (n == 0) return 0;
    detection *dets = calloc((size_t)n, sizeof *dets);
    float *tags = calloc((size_t)n, sizeof *tags);       // each det's mask points at its own tag: identity
    float *work = malloc(sizeof(float) * (size_t)n * (size_t)(classes ? classes : 1));
    if (!dets || !tags || !work) { free(dets); free(tags); free(work); return -1; }
    memcpy(work, probs, sizeof(float) * (size_t)n * (size_t)classes);
    for (int i = 0; i < n; i++) {
        dets[i].bbox.x = boxes[4 * i]; dets[i].bbox.y = boxes[4 * i + 1];
        dets[i].bbox.w = boxes[4 * i + 2]; dets[i].bbox.h = boxes[4 * i + 3];
        dets[i].classes = classes;
        dets[i].prob = work + (size_t)i * (size_t)classes;
        dets[i].mask = tags + i;
        dets[i].objectness = objectness[i];
    }
    p_do_nms_sort(dets, n, classes, thresh);
    for (int i = 0; i < n; i++) {
        order[i] = (int)(dets[i].mask - tags);
        boxes[4 * i] = dets[i].bbox.x; boxes[4 * i + 1] = dets[i].bbox.y;
        boxes[4 * i + 2] = dets[i].bbox.w; boxes[4 * i + 3] = dets[i].bbox.h;
        objectness[i] = dets[i].objectness;
        memcpy(probs + (size_t)i * (size_t)classes, dets[i].prob, sizeof(float) * (size_t)classes);
    }
    free(dets); free(tags); free(work);
    return 0;
}

float dnref_box_iou(float ax, float ay, float aw, float ah, float bx, float by, float bw, float bh) {
    char err[256];
    if (!dnref_available(err, sizeof err)) return -1;
    box a = {ax, ay, aw, ah}, b = {bx, by, bw, bh};
    return p_box_iou(a, b);
}
