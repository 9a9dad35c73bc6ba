"""The seed's ftp_client transfer loops (course text, day11/ftp), timed: do_get reads recv(1024)
until a read is exactly b'##'; do_put sends 1024-byte chunks, sleeps 0.1 s, sends b'##'.
Usage: seed_ftp_client.py PORT get NAME | put PATH NAME   -> prints bytes moved."""
import socket, sys, time

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
        moved += len(data)
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
    # The seed answers nothing after an upload: a listing request proves the server has read it all.
    s.send(b'L')
    s.recv(128)
s.send(b'Q')
s.close()
print(moved)
