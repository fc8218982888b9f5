// placeholder: module SpyglassFormat
