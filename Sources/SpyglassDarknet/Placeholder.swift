// placeholder: module SpyglassDarknet
