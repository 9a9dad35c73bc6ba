"""The seed's single-process prime sum (day8, no_multi_process), timed; limit from argv (default 100000)."""
import sys
import time


def isPrime(n):
    if n <= 1:
        return False
    for i in range(2, n):
        if n % i == 0:
            return False
    return True


def no_multi_process(limit):
    prime = []
    for i in range(1, limit + 1):
        if isPrime(i):
            prime.append(i)
    return sum(prime)


if __name__ == '__main__':
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    start = time.time()
    total = no_multi_process(limit)
    print("%d %.6f" % (total, time.time() - start))
