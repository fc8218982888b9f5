print("spyglass")
