"""Drives dkimpy's ARC (Debian python3-dkim) for ArcDkimPyInteropTest.

verify MESSAGE RECORDS_JSON                  prints dkimpy's chain validation status: none, pass or fail
seal MESSAGE KEY_FILE SELECTOR DOMAIN SRV_ID writes the message with dkimpy's ARC set (rsa-sha256) prepended;
                                             dkimpy takes cv= from the arc= of the srv_id's Authentication-Results
"""
import json
import sys

import dkim


def verify(message_file, records_file):
    message = open(message_file, 'rb').read()
    records = json.load(open(records_file))

    def dnsfunc(name, timeout=5):
        record = records.get(name.decode('ascii').rstrip('.').lower())
        return record.encode('ascii') if record else None

    cv, results, comment = dkim.arc_verify(message, dnsfunc=dnsfunc)
    print(cv.decode('ascii'))


def seal(message_file, key_file, selector, domain, srv_id):
    message = open(message_file, 'rb').read()
    fields = dkim.arc_sign(message, selector.encode(), domain.encode(), open(key_file, 'rb').read(), srv_id.encode())
    sys.stdout.buffer.write(b''.join(fields) + message)


if __name__ == '__main__':
    {'verify': verify, 'seal': seal}[sys.argv[1]](*sys.argv[2:])
