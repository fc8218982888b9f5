// placeholder: module SpyglassDetection
