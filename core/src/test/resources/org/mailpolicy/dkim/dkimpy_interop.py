"""Drives dkimpy (Debian python3-dkim) for DkimPyInteropTest.

verify MESSAGE RECORDS_JSON       prints a JSON list: dkimpy's verdict for each DKIM-Signature, top to bottom
sign MESSAGE SPECS_JSON           writes the message with one dkimpy signature per spec prepended
"""
import json
import re
import sys

import dkim


def verify(message_file, records_file):
    message = open(message_file, 'rb').read()
    records = json.load(open(records_file))

    def dnsfunc(name, timeout=5):
        record = records.get(name.decode('ascii').rstrip('.').lower())
        return record.encode('ascii') if record else None

    def verdict(index):
        try:
            return bool(dkim.DKIM(message).verify(idx=index, dnsfunc=dnsfunc))
        except dkim.ValidationError:
            # dkimpy raises for some failures (a body hash mismatch) instead of returning False.
            return False

    count = len(re.findall(rb'(?im)^dkim-signature:', message))
    print(json.dumps([verdict(i) for i in range(count)]))


def sign(message_file, specs_file):
    message = open(message_file, 'rb').read()
    signed = message
    for spec in json.load(open(specs_file)):
        signed = dkim.sign(message, spec['selector'].encode(), spec['domain'].encode(), spec['key'].encode(),
                           canonicalize=(spec['header'].encode(), spec['body'].encode()),
                           signature_algorithm=spec['algorithm'].encode()) + signed
    sys.stdout.buffer.write(signed)


if __name__ == '__main__':
    {'verify': verify, 'sign': sign}[sys.argv[1]](*sys.argv[2:])
