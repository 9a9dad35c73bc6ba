"""The seed's ftp_client transfer loops (course text, day11/ftp), timed: do_get reads recv(1024)
until a read is exactly b'##'; do_put sends 1024-byte chunks, sleeps 0.1 s, sends b'##'.
Usage: seed_ftp_client.py PORT get NAME SIZE | put PATH NAME LIBRARY   -> prints bytes moved.
Exit 3: a download's `##` arrived in the same read as the file's last bytes (the client lagged more
than the server's gap behind): the stock client would wait forever there; the benchmark counts it."""
import os, socket, sys, time

port, verb = int(sys.argv[1]), sys.argv[2]
s = socket.socket()
s.connect(('127.0.0.1', port))
moved = 0
if verb == 'get':
    s.send(('G ' + sys.argv[3]).encode())
    assert s.recv(128).decode() == 'OK'
    while True:
        data = s.recv(1024)
        if data == b'##':
            break
        if not data:
            # The seed loops forever here once the server is gone; a benchmark must not.
            sys.exit('connection closed before ##')
        moved += len(data)
        if moved == int(sys.argv[4]) + 2 and data.endswith(b'##'):
            print(moved - 2)
            sys.exit(3)
else:
    f = open(sys.argv[3], 'rb')
    s.send(('P ' + sys.argv[4]).encode())
    assert s.recv(128).decode() == 'OK'
    while True:
        data = f.read(1024)
        if not data:
            time.sleep(0.1)
            s.send(b'##')
            break
        s.send(data)
        moved += len(data)
    # The seed answers nothing after an upload (and its user types the next command much later):
    # the upload is done when the file appears, complete, in the library folder.
    final = os.path.join(sys.argv[5], sys.argv[4])
    while not (os.path.exists(final) and os.path.getsize(final) == moved):
        time.sleep(0.005)
s.send(b'Q')
s.close()
print(moved)
