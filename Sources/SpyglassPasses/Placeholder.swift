// placeholder: module SpyglassPasses
