// placeholder: module SpyglassImage
