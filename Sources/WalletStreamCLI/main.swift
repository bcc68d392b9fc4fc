print("walletstream")
