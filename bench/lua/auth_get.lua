-- GET with the bearer token from the environment (XA_TOKEN); path from XA_PATH.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("XA_TOKEN")
wrk.path = os.getenv("XA_PATH") or wrk.path
