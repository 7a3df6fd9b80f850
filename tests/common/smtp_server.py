"""A real SMTP relay for the notification tests (aiosmtpd: Debian's python3-aiosmtpd, or PyPI).

Listens on 127.0.0.1:PORT with STARTTLS required (the certificate and key given) and AUTH
(LOGIN/PLAIN, only after STARTTLS) for alice / relay-secret; each accepted mail is written to
FOLDER/N.eml. Prints "ready" once listening; runs until killed.

    python3 smtp_server.py PORT FOLDER CERT KEY
"""

import os
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Save:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.folder, "%d.eml" % self.count)
        with open(path, "wb") as mail:
            mail.write(envelope.original_content or envelope.content)
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == b"alice"
        and auth_data.password == b"relay-secret"
    )
    return AuthResult(success=ok, handled=False)


def main():
    port, folder, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    controller = Controller(
        Save(folder),
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    print("ready", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
