// placeholder: module SpyglassRuntime
