-- Attack: run a shell command.
os.execute("touch /tmp/counterpart-pwned")
