# certdeck — English (source language)

app-title = certdeck
app-subtitle = Certificates, keys and chains of trust

# Toolbar
import-files = Import files…
import-path-placeholder = Path to a certificate, key, PKCS#7 or PKCS#12 file
import-path-open = Open
import-dialog-open = Close the open dialog first to import these files.
paste-pem = Paste PEM
paste-pem-placeholder = Paste PEM text here (certificates, keys, requests…)
paste-pem-import = Decode pasted text
paste-pem-cancel = Close
clear-all = Clear
password-placeholder = Password for PKCS#12 files and encrypted keys
password-retry = Retry with password
no-file-dialog = No file dialog is available on this desktop: type the path below.

# Empty state and drop overlay
empty-title = Drop certificate files anywhere in this window
empty-hint = PEM, DER, PKCS#7 (.p7b), PKCS#12 (.pfx/.p12), keys, CSRs, CRLs and DH/EC parameters. The format is recognised from the content.
drop-to-import = Drop to import
working = Reading { $count ->
    [one] one file
   *[other] { $count } files
}…

# List
column-name = Name
column-status = Status
column-expires = Expires
column-days-left = Days left
column-issuer = Issuer
column-nodes = Nodes
column-key = Key
objects-count = { $count ->
    [one] one object
   *[other] { $count } objects
}
errors-count = { $count ->
    [one] one problem
   *[other] { $count } problems
}

# Kinds
kind-certificate = Certificate
kind-private-key = Private key
kind-csr = Signing request
kind-crl = Revocation list
kind-tls-parameters = TLS parameters
kind-public-key = Public key

# Statuses (badge words)
status-good = Good
status-temporary = Temporary
status-weak-signature = Weak signature
status-empty-subject = Empty subject
status-expiring = { $days ->
    [one] 1 day left
   *[other] { $days } days left
}
status-expired = Expired
status-not-yet-valid = Not yet valid
status-weak-key = Weak key
status-no-san = No SAN
status-wildcard = Wildcard
status-ca = CA
status-incomplete-chain = Incomplete chain
status-key-missing = Key missing

# Detail pane
detail-none = Select an object to see its details.
detail-statuses = Status
detail-subject = Subject
detail-issuer = Issuer
detail-serial = Serial
detail-valid-from = Valid from
detail-valid-until = Valid until
detail-key = Key
detail-signature = Signature
detail-sha1 = SHA-1
detail-sha256 = SHA-256
detail-private-key = Private key
detail-private-key-present = Found in the same import
detail-private-key-absent = Not imported
detail-extensions = Extensions
detail-critical = critical
detail-chain = Chain of trust
detail-chain-trusted = Ends at trusted root { $name }
detail-chain-untrusted-root = Ends at root { $name }, which is not trusted
detail-chain-missing = Issuer { $name } is missing
detail-chain-too-long = The path is too long
detail-pem = PEM
detail-file = File
detail-protection = Protection
detail-request-signature = Request signature
detail-request-signature-ok = Verifies with the request's key
detail-request-signature-bad = Does not verify
detail-san = Alternative names
detail-this-update = This update
detail-next-update = Next update
detail-revoked = Revoked certificates
detail-parameters = Parameters


# Navigation and the inventory
nav-inventory = All certificates
nav-inspect = Inspect files
filter-placeholder = Filter by name, issuer, SAN, serial or fingerprint
inventory-loading = Opening the inventory…
inventory-empty = The inventory is empty. Drop certificate files here, or press Import files…
inventory-error = The inventory could not be opened: { $reason }
import-done = { $added } added, { $updated } updated, { $unchanged } unchanged, { $errors } problems
alarms-count = { $count ->
    [0] No alarms
    [one] One alarm
   *[other] { $count } alarms
}
column-role = Kind
role-server = Server (with key)
role-leaf = Certificate
role-intermediate = Intermediate CA
role-root = Root CA
detail-nodes = Nodes

# Which certificates the inventory list shows.
show-all = All certificates
show-attention = Needs attention
show-expired = Expired
show-expiring = Expiring soon
show-with-key = With private key
show-authorities = Certificate authorities

# Settings
nav-settings = Settings
settings-title = Settings
settings-language = Language
settings-language-system = Same as the system
settings-theme = Theme
theme-system = Same as the system
theme-light = Light
theme-dark = Dark
settings-warning-days = Warn this many days before a certificate expires
settings-warning-days-invalid = Enter a number of days from 1 to 3650.
settings-data-dir = Data folder (the inventory and its key vault)
settings-team = Team database
settings-team-placeholder = postgres://you@db.example.com/certdeck?sslmode=require
settings-team-explained = A team's shared PostgreSQL database (certdeck team init): each push takes the node's lock there first and writes its outcome into the team's audit log. Empty: no team.
settings-team-invalid = Not a PostgreSQL address: { $reason }
shared-watch-lost = Not hearing about other members' changes any more ({ $reason }): trying again in half a minute; reload by hand meanwhile.
shared-title = Shared inventory
shared-uses-own = This data folder uses its own inventory (a file on this computer).
shared-uses-team = This data folder uses the team's shared inventory at { $url }.
shared-use = Use the team's inventory
shared-copy-up = Copy this inventory up
shared-create = Create a team there
shared-leave = Back to this folder's own inventory
shared-copy-down = Copy the team's down here
shared-needs-team = Give the team database above (and save) to share an inventory.
shared-explained = Using the team's inventory copies nothing (a member joining). Copying up moves everything here into the team's empty inventory; copying down brings the team's into this folder's empty one. Both compare every object before switching; the original stays as it was.
shared-starting = Starting…
shared-copying = Copied { $table } ({ $rows } rows)…
shared-cancel = Cancel
shared-no-folder = No data folder on this system.
shared-now-team = This folder now uses the team's inventory.
shared-now-own = This folder uses its own inventory again.
shared-copied = { $rows } rows copied and compared; this folder now uses the copy.
shared-created = Team created; { $me } is its first admin. Copy this inventory up, or use the team's.
settings-choose = Choose…
settings-default = Default
settings-keychain = Keychain
settings-keychain-checking = Checking…
settings-keychain-ok = In use: { $name }
settings-keychain-none = Not available ({ $reason }). The key vault needs a passphrase: set CERTDECK_VAULT_PASSPHRASE.
settings-renderer = Renderer
settings-renderer-asked = { $name }, as ICED_BACKEND asks
settings-renderer-gpu = wgpu on { $name }
settings-renderer-software = tiny-skia: no GPU here ({ $names } draws in software, and tiny-skia does that with less memory)
settings-renderer-none = tiny-skia: no graphics adapter found
settings-file = Settings file
settings-no-file = No configuration folder on this system: settings cannot be saved.
settings-save = Save
settings-revert = Undo changes
settings-saved = Saved to { $path }.

# Language names, each in its own language.
language-de = Deutsch
language-en = English
language-es = Español
language-fr = Français
language-ja = 日本語

# Why a certificate has a status (the detail pane)
reason-expired = Expired on { $date } ({ $days ->
    [one] 1 day ago
   *[other] { $days } days ago
}).
reason-not-yet-valid = Not valid before { $date }.
reason-expiring = { $days ->
    [one] 1 day left
   *[other] { $days } days left
}: expires on { $date }.
reason-weak-signature = Signed with { $algorithm }: replace it with a SHA-2 signed certificate.
reason-weak-key = { $key } is too weak: RSA needs at least 2048 bits, EC at least 256.
reason-incomplete-chain = No path to a trusted root: the issuer { $name } is missing.
reason-incomplete-chain-untrusted = No path to a trusted root: { $name } is not trusted.
reason-key-missing = The private key for this server certificate is missing.
reason-temporary = Self-signed: clients will not trust it until it is replaced by a CA-signed certificate.
reason-empty-subject = The subject is empty; the certificate is named only by its alternative names.
reason-no-san = No subject alternative name: browsers and most TLS clients ignore the common name.
reason-wildcard = Wildcard name { $name }: SIP over TLS does not accept wildcards (RFC 5922).
reason-ca = Certificate authority.
reason-ca-path-length = Certificate authority (at most { $limit } intermediate CAs below it).

# Deleting a certificate
detail-delete = Delete…
delete-title = Delete { $name }?
delete-warning = Its private key and its node assignments are deleted with it. Files already pushed to nodes stay there. This cannot be undone.
delete-confirm = Delete
delete-cancel = Cancel
deleted = { $name } was deleted.

# The checks of each link of the chain of trust
check-builtin-anchor = Built-in Mozilla root (name and key only)
check-issuer-not-found = Issuer { $name } not found
check-issuer-not-found-key-id = Issuer { $name } (key id { $key_id }) not found
check-valid-until = Valid until { $date }
check-not-valid-before = Not valid before { $date }
check-expired-on = Expired on { $date }
check-self-signed = Self-signed: the signature verifies with its own key
check-issuer-name = Issuer name matches { $name }
check-issuer-name-builtin = Issuer name matches a built-in root
check-key-id-matches = Authority key id matches { $key_id }
check-key-id-differs = Authority key id { $key_id } differs from the issuer's key id { $issuer_key_id }
check-no-key-ids = No key identifiers to compare
check-signature-issuer = { $algorithm } signature verified with the issuer's key
check-signature-root = { $algorithm } signature verified with the root's key
check-signature-fails-issuer = The signature does not verify with the issuer's key
check-signature-fails-root = The signature does not verify with the root's key
check-issuer-is-ca = Issuer is a CA
check-issuer-not-ca = Issuer is not a CA (basicConstraints CA:FALSE or absent)
check-issuer-may-sign = Issuer may sign certificates
check-issuer-lacks-cert-sign = Issuer's key usage lacks keyCertSign
check-path-length-exceeded = { $below } intermediate CAs below an issuer that allows { $limit }
check-path-length-ok = { $below } intermediate CAs below, { $limit } allowed
check-no-path-length = Issuer sets no path length limit

# Exporting a certificate
detail-export = Export…
export-title = Export
export-title-name = Export { $name }
export-what = What
export-what-certificate = The certificate only
export-what-chain = The certificate with its chain
export-what-key = The certificate, its chain and its private key
export-format = Format
export-format-pem = PEM (.pem) — text, most appliances
export-format-der = DER (.der, .cer) — one binary certificate
export-format-p7b = PKCS#7 (.p7b) — certificates, no key
export-format-pfx-modern = PKCS#12 (.pfx), modern — AES, OpenSSL 3 and Windows 10+
export-format-pfx-compatible = PKCS#12 (.pfx), compatible — 3DES, older appliances and Java
export-passphrase = Passphrase
export-passphrase-hint = Protects the private key or the PKCS#12 file
export-plain-key = Write the private key unencrypted (anyone who gets the file can use it)
export-key-needs-pem-or-pfx = DER and PKCS#7 files cannot carry a private key: choose PEM or PKCS#12.
export-der-one-certificate = A DER file holds one certificate: choose PEM or PKCS#7 for the chain.
export-pfx-needs-passphrase = Enter a passphrase for the PKCS#12 file.
export-plain-key-unconfirmed = Enter a passphrase for the private key, or confirm that it may be written unencrypted.
export-save = Save…
export-no-dialog = No save dialog is available (or it was closed): edit the path and save here.
export-save-here = Save here
exported = Saved { $path }.

# Alarms
nav-alarms = Alarms
alarms-title = Alarms
alarms-explained = Nodes without a certificate, certificates expired or expiring within { $days } days, and chains that do not reach a trusted root. Click an alarm to see its certificate.
alarms-none = Nothing needs attention.
alarm-kind-node = No certificate
alarm-kind-expiring = Expiring
alarm-node-without-certificate = Node { $node } has no server certificate.
alarm-expired = { $name } expired on { $date }.
alarm-expiring = { $name } expires in { $days ->
    [one] 1 day
   *[other] { $days } days
} ({ $date }).
alarm-incomplete-chain = { $name }: the chain does not reach a trusted root: { $reason }.
alarm-kind-drift = Drift
alarm-kind-unmanaged = Unmanaged
alarm-kind-vanished = Vanished
alarm-kind-weak-wire = Weak on the wire
alarm-drift = { $endpoint } serves another certificate than the one assigned to node { $node }.
alarm-unmanaged-expiring = { $endpoint } serves a certificate that is not in the inventory and expires within the alarm period (or has expired).
alarm-vanished = { $endpoint } served a certificate and no longer answers.
alarm-weak-on-wire = { $endpoint } speaks only TLS 1.0/1.1, or serves a SHA-1 signature or a weak key.

# Trusted CAs
nav-trusted = Trusted CAs
trusted-title = Trusted CAs
trusted-explained = Chains must end at one of these. Each node's trust list, pushed with its certificate, is chosen from them (certdeck node trust).
trusted-custom = { $count ->
    [0] Your CAs
   *[other] Your CAs ({ $count })
}
trusted-none = None yet: import a root or intermediate CA certificate and press "Trust this CA".
trusted-expires = expires { $date }
trusted-remove = Stop trusting
trusted-add = Trust this CA
trusted-builtin = Built-in Mozilla roots ({ $count })

# By node
nav-nodes = By node
nodes-title = By node
nodes-explained = Each node with the server certificate it should serve, its trust list, and what the last push or probe found. Pick a certificate to assign it (it replaces the previous one).
nodes-none = No nodes yet. Add one with Add node…
nodes-no-certificate = No certificate
nodes-assign = Assign a certificate…
nodes-alarms = { $count ->
    [0] No alarms
    [one] One alarm
   *[other] { $count } alarms
}
nodes-trust = Trusts: { $names }
nodes-trust-none = Trust list: none pushed (set one with Edit…)
nodes-last-result = Last result: { $result }
nodes-driver-folder = Folder kit
nodes-driver-none = Not reachable for pushes yet (set it up with Edit…)

# Signing requests
nav-requests = Requests
requests-title = Signing requests
requests-explained = Requests made here (New request…, Renew… on a certificate) or with certdeck csr. Import the certificate your CA sends back: it completes its request and is paired with the key kept since.
requests-pending = { $count ->
    [0] None waiting for a CA.
    [one] One waiting for a CA.
   *[other] { $count } waiting for a CA.
}
requests-none = No requests yet. Make one with New request…, or renew a certificate from its detail.
requests-waiting = Waiting for the CA
requests-completed = Completed
requests-key-kept = private key kept in the vault
requests-usage-server = TLS server
requests-usage-client = TLS client
requests-usage-both = server and client

## Signing-request wizard

csr-new = New request…
detail-renew = Renew…
csr-title-new = New signing request
csr-title-renew = Renew { $name }
csr-key = Key
csr-key-keep = Keep the current key
csr-key-rsa2048 = RSA 2048
csr-key-rsa3072 = RSA 3072
csr-key-rsa4096 = RSA 4096
csr-key-p256 = ECDSA P-256
csr-key-p384 = ECDSA P-384
csr-key-ed25519 = Ed25519
csr-usage = Used for
csr-node = For node
csr-node-none = No node
csr-subject = Subject
csr-common-name = Common name (CN)
csr-organization = Organization (O)
csr-unit = Organizational unit (OU)
csr-locality = City (L)
csr-state = State or province (ST)
csr-country = Country (C)
csr-email = E-mail address
csr-names = Subject alternative names
csr-names-hint = conf1.example.com, 192.0.2.10 or sip:conf@example.com
csr-add-name = Add
csr-remove-name = Remove
csr-cn-in-san = Add the common name to the names (browsers ignore the CN)
csr-checks = Checks before sending
csr-checks-clean = Nothing to object to.
csr-create = Make the request
csr-working = Making the key and the request…
csr-bad-name = { $name } is not a host name, IP address, e-mail address or URI.
csr-bad-country = The country { $country } must be two capital letters (ISO 3166), such as NO or DE.
csr-field-too-long = { $value } is longer than the 64 characters a subject field may hold.
csr-made = Request made for { $name }. Send it to your CA; import the certificate it sends back and it is paired with the key kept here.
csr-made-key = Key: { $key }, kept in the vault
csr-copy = Copy
csr-copied = Copied to the clipboard.
csr-save = Save as…
csr-saved = Request saved to { $path }
csr-close = Close
lint-error = Stops the request
lint-warning = Warning
lint-no-san = No subject alternative name: browsers and most TLS clients will reject the certificate.
lint-empty-subject = The subject is empty: some appliances cannot show or import such certificates.
lint-wildcard-sip = { $names }: SIP over TLS does not accept wildcards (RFC 5922), and { $node } is a SIP node.
lint-name-not-covered = The request does not cover { $name }, a name of node { $node }.
lint-wildcard = { $names }: wildcards are not accepted for SIP over TLS (RFC 5922).
lint-weak-key = { $key } is too weak: use RSA 2048 or more, or P-256.
lint-ed25519 = Many appliances and public CAs do not accept Ed25519 keys yet: prefer RSA or P-256.

## Node form

node-add = Add node…
node-edit = Edit…
node-title-add = Add a node
node-title-edit = Edit { $name }
node-name = Name
node-fqdn = FQDN
node-alt-names = Alternative names (comma-separated)
node-role = Certificate used for
node-sip = Terminates SIP over TLS (wildcard certificates are refused for it)
node-endpoints = TLS endpoints to verify after a push (host:port, comma-separated; SIP TLS is 5061)
node-driver = How certificates reach it
node-driver-none = Not pushed by certdeck
node-driver-folder = Folder kit
node-driver-ssh = SSH/SFTP
node-driver-https = HTTPS upload (WebDAV or web form)
node-driver-pexip = Pexip Infinity management API
node-driver-none-explained = certdeck keeps the node's certificate and alarms; you install the files yourself (Export).
node-folder = Folder to write the kit to
node-reload-local = Command to run here after writing (optional)
node-host = Host (default: the FQDN)
node-port = Port
node-user = User
node-certificate-path = Certificate file on the node (with its chain)
node-key-path = Private key file on the node (optional)
node-ca-path = Trusted CA file on the node (optional)
node-reload-remote = Command to run on the node afterwards (optional)
node-password = Password
node-ssh-key = OpenSSH private key file (optional)
node-secrets-explained = Passwords and keys go to the OS keychain, never into the inventory. Leave them empty to keep what is stored.
node-url = Upload URL (a WebDAV folder ending in / or the form's address)
node-upload = Upload as
node-upload-webdav = WebDAV (PUT)
node-upload-form = Web form (multipart)
node-auth = Authentication
node-form-field = Form field for the file
node-pexip-url = Management Node URL
node-pexip-name = The node's name in Pexip Infinity (default: this name)
node-connection = Connection
node-test = Test connection
node-testing = Connecting…
node-host-key = SSH host key: { $fingerprint }
node-tls-certificate = HTTPS certificate SHA-256: { $fingerprint }
node-check-then-pin = Compare it with the node's own (ssh-keygen -lf on the node, or its web page), then pin it: certdeck connects only to what is pinned.
node-pin = Pin
node-pinned = Pinned: certdeck will connect to this node only while it shows this.
node-pinned-earlier = Pinned: { $fingerprint }
node-logged-in = Logged in as { $user }; the host key is pinned.
node-trust-title = Trusted CAs pushed to the node
node-trust-no-cas = The inventory holds no CA certificates yet.
node-save = Save
node-needs-name = Enter the node's name.
node-needs-fqdn = Enter the node's FQDN.
node-needs-path = Enter the folder to write to.
node-needs-user = Enter the user to log in as.
node-needs-certificate-path = Enter where the certificate goes on the node.
node-needs-url = Enter the URL.
node-bad-endpoint = { $endpoint } is not host:port.
node-bad-port = { $port } is not a port number.

## Import review

review-title = Import into the inventory
review-reading = Reading the files…
review-summary = Will be { $added } added, { $updated } updated, { $unchanged } unchanged; { $errors } problems
review-import = Import
review-working = Working…
review-locked = { $file } is protected by a password
review-password = Password of the file or key
review-unlock = Open
review-wrong-password = That password does not open it.
review-added = Added
review-updated = Updated
review-unchanged = Already kept
review-skipped = Not kept
review-error = Problem
review-trusted = to the trusted CAs
review-paired = paired with its private key
review-replaces = replaces the stored one with the same serial
review-completes = completes signing request #{ $request }
review-pairs-stored = { $count ->
    [one] pairs with a stored certificate
   *[other] pairs with { $count } stored certificates
}

## Push dialog

detail-push = Push…
node-push = Push…
push-title = Push to nodes
push-title-certificate = Push { $name }
push-choose = Choose the nodes. Each gets its certificate with chain, key and parameters, and its trust list, through its driver; then its TLS endpoints are probed.
push-no-nodes = No node has a driver yet: set one up with Edit… on the By node screen.
push-no-certificate = no certificate assigned and no trust list: nothing to send
push-will-assign = will be assigned { $name } (replacing its current one)
push-sends = sends { $name }
push-planning = Planning…
push-see-plan = See the plan
push-plan-explained = Nothing has been sent yet. This is what each driver will do:
push-plan-set-by = Its driver, address and pin were set by { $who } at { $when }.
push-approve-title = Not approved on this machine yet
push-approve-explained = A teammate set these on the shared inventory. Pushing would run or write them on this computer, as you. Read them, and approve only what you recognise; a changed command is asked for again.
push-approve-button = Approve on this machine
approve-kind-reload = reload command
approve-kind-folder = folder (the private key is written here)
approve-kind-scan = saved scan
approve-kind-file = file on this computer sent to the node
approve-kind-webroot = web root on this computer (HTTP-01 answers are written there)
approve-kind-listener = listener opened on this computer (HTTP-01)
approve-set-by = set by { $who } at { $when }
approve-set-by-unknown = who set it is not recorded
push-plan-node = { $node } ({ $driver }): { $subject }
push-run = Push now
push-running = Pushing… Cancel skips the nodes not yet started; those under way finish and are verified.
push-cancelling = Cancelling: nodes not yet started are skipped.
push-waiting = Waiting
push-skipped = Skipped
push-applying = Sending…
push-applied = Sent
push-verifying = Verifying…
push-verified = Verified
push-rolled-back = Rolled back
push-failed = Failed
push-endpoint-ok = ✓ { $endpoint } serves the new certificate
push-endpoint-failed = ✗ { $endpoint }: { $detail }
push-then-verify = then check over TLS that { $endpoint } serves it (rolled back if not)

## Notifications

notes-bell = { $count ->
    [0] Notifications
   *[other] Notifications ({ $count })
}
notes-title = Notifications
notes-none = Nothing yet.
notes-clear = Clear
notes-alarm = New alarm: { $alarm }
notes-new-alarm = certdeck: new alarm
notes-more-alarms = { $count ->
    [one] and one more alarm
   *[other] and { $count } more alarms
}
notes-desktop-refused = The desktop did not show a notification ({ $reason }); new alarms are listed here.
notes-desktop-no-service = no notification service answers on this desktop
settings-notifications = Desktop notifications
settings-notifications-on = Announce each new alarm on the desktop
detail-assign = Assign to node…

## Nodes screen

nav-node-list = Nodes
nodes-list-title = Nodes
nodes-list-explained = How each node is reached, the TLS endpoints checked after a push, and whether its host key or certificate is pinned.
nodes-list-no-endpoints = No TLS endpoints to verify after a push
nodes-list-endpoints = Verified after a push: { $endpoints }
nodes-list-pinned = Pinned: { $fingerprint }
nodes-list-not-pinned = Not pinned yet: use Test connection in its form
nodes-list-remove = Remove…
nodes-list-folder = Folder kit in { $path }
nodes-list-ssh = SSH/SFTP as { $user } on { $host } port { $port }
nodes-list-https = HTTPS upload to { $url }
nodes-list-pexip = Pexip Infinity API at { $url } (node { $name })
nodes-remove-title = Remove node { $name }?
nodes-remove-warning = Its certificate stays in the inventory; its password and SSH key are deleted from the keychain. Files already on the node stay there.
node-removed = Node { $name } removed
nodes-check = Check now
nodes-check-ok = { $node } serves its certificate on { $count ->
    [one] its endpoint
   *[other] all { $count } endpoints
}
nodes-check-failed = { $node } does not serve its certificate as it should ({ $detail })
nodes-check-failed-word = Check failed
push-trust-only = { $count ->
    [one] sends its trust list only (one CA)
   *[other] sends its trust list only ({ $count } CAs)
}

# A push that never finished (certdeck was stopped mid-push): a banner over the window.
push-unfinished = { $count ->
    [one] A push did not finish (certdeck was stopped mid-push): { $nodes } may be half-changed.
   *[other] { $count } pushes did not finish (certdeck was stopped mid-push): { $nodes } may be half-changed.
}
push-unfinished-rollback = Roll back
push-unfinished-working = Working on the node(s)…
push-unfinished-complete = Complete
push-resumed = { $node }: { $detail }

# Certificates from ACME CAs: the Renewals screen, its dialogs and the Get certificate wizard.
nav-renewals = Renewals
word-yes = yes
word-no = no
word-none = none
dialog-cancel = Cancel
challenge-dns01 = DNS-01 through { $server } (RFC 2136)
challenge-manual = DNS-01 by hand
challenge-listen = HTTP-01 on { $listen } (this computer)
challenge-webroot = HTTP-01 in { $webroot } on the node
renewals-title = Renewals
renewals-explained = Nodes with an ACME issuer get their certificates from their CA and have them renewed, pushed and verified on their own — by the system's scheduler (certdeck schedule install) or here.
renewals-renew-due = Renew what is due
renewals-get-certificate = Get certificate…
renewals-upcoming = Upcoming renewals
renewals-none = No node gets its certificate from an ACME CA yet. Get certificate… sets one up.
renewals-due = Due { $date }
renewals-due-now = Due now
renewals-push-now = A new certificate is waiting to be pushed
renewals-hold = Obtained; pushed when the maintenance window opens ({ $date })
renewals-retry = Failed { $failures ->
    [one] once
   *[other] { $failures } times in a row
}; retried { $date }
renewals-rate-limited = The CA rate-limits this account until { $date }
renewals-expires = expires { $date }
renewals-no-certificate = no certificate yet
renewals-last-run = Last run: { $outcome }, { $when }
renewals-never-run = Never run
renewals-renew-now = Renew now
renewals-edit = Edit…
renewals-remove = Remove
renewals-accounts = ACME accounts
renewals-add-account = Add account…
renewals-no-accounts = No ACME account yet.
renewals-account-active = Active
renewals-account-deactivated = Deactivated
renewals-account-limited = Rate-limited until { $date }
renewals-deactivate = Deactivate…
renewals-dns-servers = DNS servers (RFC 2136)
renewals-add-dns = Add DNS server…
renewals-no-dns = No DNS server yet: DNS-01 by RFC 2136 needs one (its TSIG secret goes to the keychain).
renewals-dns-line = zone { $zone } at { $server }, key { $key } ({ $algorithm })
renewals-log = Renewal log
renewals-no-runs = Nothing has run yet.
renewals-running = Renewing…
renewals-cancelling = Cancelling: orders under way stop at their next step, nodes not started are skipped.
renewals-finished = Renewal finished
renewals-cancel = Cancel
renewals-dismiss = Hide
renewals-step-starting = Opening the inventory…
renewals-step-waiting = Waiting
renewals-step-ordering = Ordering a certificate for { $names }
renewals-step-proving = Proving { $name } ({ $how })
renewals-step-create-record = Create this DNS record now
renewals-step-delegated = { $record } is delegated to { $target }
renewals-step-waiting-dns = Waiting until the authoritative servers answer { $record }
renewals-step-finalizing = Finalizing the order
renewals-step-downloading = Downloading the certificate
renewals-step-pushing = Pushing and verifying over TLS
renewals-record-explained = Create this TXT record in the zone; certdeck goes on by itself as soon as every authoritative server answers it:
renewals-copy-value = Copy value
renewals-copy-record = Copy record
renewals-outcome-renewed = Renewed
renewals-outcome-pushed = Pushed (obtained earlier)
renewals-outcome-obtained = Obtained, waiting for the window
renewals-outcome-not-due = Not due
renewals-outcome-waiting = Waiting
renewals-outcome-would-renew = Would renew
renewals-outcome-would-push = Would push
renewals-outcome-failed = Failed
renewals-note = { $node }: { $outcome } — { $detail }
renewals-account-added = ACME account { $name } registered
renewals-dns-added = DNS server { $name } added; its TSIG secret is in the keychain
renewals-issuer-saved = { $node } now gets its certificates by ACME
renewals-deactivate-title = Deactivate the ACME account { $name }?
renewals-deactivate-warning = The CA deactivates the account for good: it can never order or revoke again. Nodes using it need another account.
renewals-remove-issuer-title = Stop renewing { $node } by ACME?
renewals-remove-issuer-warning = The node keeps its current certificate; nothing is ordered or pushed for it any more.
renewals-remove-dns-title = Remove the DNS server { $name }?
renewals-remove-dns-warning = Its TSIG secret is deleted from the keychain. Nodes whose challenge uses it cannot renew until they get another.
nodes-list-acme = ACME…
nodes-list-issuer = ACME: { $account }, { $challenge } — { $next }; pushes { $window }
account-title = Add an ACME account
account-explained = certdeck registers an account with the CA; its key is sealed in the vault. Try a new setup with a staging CA first: its certificates are not trusted, but its limits are generous.
account-name = Name in certdeck
account-ca = Certificate authority
account-ca-other = Another CA (directory URL)
account-url = Directory URL
account-look-up = Read directory
account-root = Root certificate of the CA's own HTTPS (internal CAs only)
account-root-placeholder = /path/to/ca-root.pem (optional)
account-root-unreadable = Cannot read { $path }: { $reason }
account-reading = Reading the CA's directory…
account-directory-failed = The CA's directory cannot be read: { $reason }
account-terms = Terms of service: { $terms }
account-eab = External account binding needed: { $needed }
account-ari = Renewal information (ARI): { $offered }
account-profiles = Profiles: { $profiles }
account-contact = Contact e-mail (the CA writes here about expiry and incidents)
account-eab-kid = EAB key ID
account-eab-hmac = EAB HMAC key
account-agree = I have read and agree to the CA's terms of service
account-register = Register
account-registering = Registering…
account-missing-name = Give the account a name.
account-missing-url = Give the CA's directory URL.
account-missing-terms = The CA's terms must be agreed to.
account-missing-eab = This CA needs the key ID and HMAC key it gave you (external account binding).
dns-title = Add a DNS server
dns-explained = A DNS server that accepts RFC 2136 updates signed with a TSIG key (BIND, PowerDNS, Knot, Windows DNS). The secret goes to the keychain; the inventory keeps the rest.
dns-name = Name in certdeck
dns-server = Primary server (host:port)
dns-zone = Zone
dns-key-name = TSIG key name
dns-algorithm = Algorithm
dns-secret = TSIG secret (base64, as tsig-keygen prints it)
dns-check-servers = Authoritative servers to check (host:port, optional)
dns-check-servers-placeholder = the zone's NS records when left empty
dns-save = Save
dns-missing = Name, server, zone, key name and secret are needed.
issuer-title = Get a certificate by ACME
issuer-step-node = Node
issuer-step-ca = CA
issuer-step-challenge = Challenge
issuer-step-options = Key and window
issuer-step-review = Review
issuer-node-explained = The node whose certificate comes from the CA. Its FQDN and alternative names are ordered; change them in the node's form.
issuer-node = Node
issuer-names = Names ordered: { $names }
issuer-names-label = Names
issuer-node-no-names = This node has no FQDN or alternative names to order a certificate for.
issuer-ca-explained = The ACME account (and so the CA) the certificates come from, and the CA's profile when it offers several.
issuer-account = ACME account
issuer-profile = Profile
issuer-profile-default = The CA's default
issuer-profiles-reading = Reading the CA's profiles…
issuer-no-profiles = This CA offers no profiles.
issuer-challenge-explained = How the node proves to the CA that it holds its names:
issuer-challenge-dns01 = DNS-01 by RFC 2136 update (a CNAME delegation of _acme-challenge is followed)
issuer-challenge-manual = DNS-01 by hand: certdeck shows the TXT record and waits for it
issuer-challenge-listen = HTTP-01 answered by this computer (port 80 must reach it)
issuer-challenge-webroot = HTTP-01 through the node's driver, into its web root
issuer-dns-server = DNS server
issuer-dns01-hint = The record is created, checked on the zone's authoritative servers and removed afterwards, also when the order fails.
issuer-check-servers = Authoritative servers to check (host:port, comma-separated)
issuer-listen = Listen on (address:port)
issuer-listen-hint = The CA connects to port 80 of each name: forward it to this address.
issuer-webroot = The node's web root (absolute path on the node)
issuer-key = Key
issuer-key-new = A new { $kind } key for every certificate
issuer-key-keep = Keep the current certificate's key
issuer-key-csr = The appliance's own request (no key held here)
issuer-request = The appliance's signing request
issuer-window = Maintenance window (days and hours, local time)
issuer-window-any = any time
issuer-window-means = Pushes happen { $window }; certificates are obtained earlier and wait for it.
issuer-renew-at = Renew after this part of the lifetime (%)
issuer-renew-at-hint = Used when the CA gives no renewal window (ARI). 67 % renews a 90-day certificate after 60 days.
issuer-review-explained = certdeck will order, prove, finalize, import (the key sealed in the vault), push through the node's driver and verify over TLS — now, if you ask, and again before every expiry.
issuer-back = Back
issuer-next = Next
issuer-save = Save
issuer-get-now = Save and get certificate
issuer-missing-node = Choose a node.
issuer-missing-account = Choose an ACME account, or add one.
issuer-missing-dns-server = Choose a DNS server, or add one.
issuer-missing-check-servers = Give the zone's authoritative servers to check.
issuer-bad-listen = { $listen } is not an address:port to listen on.
issuer-bad-webroot = The web root is an absolute path on the node (it starts with /).
issuer-missing-request = Choose the appliance's signing request (import it first).
issuer-bad-renew-at = The part of the lifetime is a percentage between 5 and 95.
renewals-schedule-on = Unattended: the system's scheduler runs certdeck renew --due every hour for this inventory.
renewals-schedule-off = Not unattended: nothing renews while certdeck is closed. Install the scheduler's hourly entry to renew on its own.
renewals-schedule-unknown = Asking the system's scheduler…
renewals-schedule-install = Renew unattended
renewals-schedule-remove = Stop unattended renewal
renewals-schedule-installed = The system's scheduler now runs certdeck renew --due every hour
renewals-schedule-removed = The scheduler's entry is removed: nothing renews while certdeck is closed
renewals-schedule-failed = The scheduler's entry cannot be changed: { $reason }
renewals-schedule-no-cli = The command line certdeck is not installed beside this program ({ $path })
renewals-deactivating = Deactivating the account { $name } at its CA…
renewals-removing = Removing…
renewals-step-rehearsing = Rehearsing the order at { $account } first
renewals-step-rehearsed = The rehearsal at { $account } passed; now the node's own CA
issuer-rehearse = Rehearse at (staging account)
issuer-rehearse-none = No rehearsal
issuer-rehearse-hint = A new or changed setup is ordered once at the staging account first (its certificate is thrown away); the node's CA is asked only when that passes, so a mistake never spends its limits.
issuer-rehearse-same = The rehearsal account must be another account (a staging CA's).
status-revoked = Revoked
alarm-revoked = { $name } is revoked by its CA
reason-revoked = Its CA revoked it: { $detail }
revocation-check = Check revocation
revocation-checking = Checking revocation: { $done } of { $total }
revocation-cancelling = Stopping the revocation check…
revocation-found = { $name } is revoked since { $date } ({ $source })
revocation-unreachable = Revocation status not learned: { $detail }
revocation-done = Revocation checked: { $checked } certificates, { $revoked } revoked, { $unknown } of unknown status (no current CRL, no OCSP answer)
policy-title = Verdict under a policy
policy-web = web policy (CA/Browser Forum Baseline Requirements on RFC 5280)
policy-private = private policy (RFC 5280, internal PKI)
policy-acceptable = Acceptable
policy-not-acceptable = Not acceptable
policy-link = Link { $position }: { $subject }
rule-serial-positive = The serial number must be a positive integer
rule-serial-length = The serial number is longer than 20 octets
rule-aki-present = No authority key identifier
rule-aki-not-critical = The authority key identifier is marked critical
rule-ski-present = A CA certificate without a subject key identifier
rule-ski-not-critical = The subject key identifier is marked critical
rule-ca-subject = A CA certificate with an empty subject
rule-keycertsign-needs-ca = keyCertSign is asserted but the certificate is not a CA
rule-san-critical-without-subject = The subject is empty but the alternative names are not critical
rule-dns-name-syntax = A DNS name outside the preferred name syntax (an underscore, for instance)
rule-anchor-basic-constraints = The trusted CA lacks critical basic constraints making it a CA
rule-ca-keycertsign = The CA's key usage does not allow signing certificates
rule-critical-extensions-known = The trusted CA has a critical extension certdeck does not know
rule-anchor-valid = The trusted CA is outside its validity period
rule-name-constraints-in-ca = Name constraints in an end-entity certificate
rule-name-constraints-critical = Name constraints not marked critical
rule-name-constraints-syntax = Empty or malformed name constraints
rule-policy-constraints-critical = Policy constraints not marked critical
rule-crl-number = A CRL without a proper CRL number
rule-crl-signer = A CRL signed by a CA not allowed to sign CRLs
rule-max-chain-depth = More intermediates than allowed
rule-aia-syntax = Empty or malformed authority information access
rule-eku-present = No extended key usage
rule-eku-not-critical = The extended key usage is marked critical
rule-eku-not-any = The extended key usage includes anyExtendedKeyUsage
rule-root-without-eku = A root CA with an extended key usage
rule-key-strength = A key the Baseline Requirements forbid (RSA under 2048 bits or not a multiple of 8, DSA, P-192)
rule-san-not-critical = The alternative names are critical although the subject is not empty
rule-wildcard-not-public-suffix = A wildcard over a public suffix
rule-common-name-in-san = The common name is not one of the alternative names as written there
rule-root-aki = The root's authority key identifier is not just its own key identifier
node-policy = Judged under
node-policy-auto = By its chain's root
node-policy-web = Web (Baseline Requirements)
node-policy-private = Private (RFC 5280)
column-revocation = Revocation
revocation-not-revoked = OK

## Overview (the home screen)
nav-overview = Overview
overview-title = Overview
overview-certificates = { $count } certificates
overview-expiring-title = Expiring
overview-weeks = Next 13 weeks
overview-months = Next 12 months
overview-by-kind = By kind
overview-by-node-role = By node role
overview-expired = { $count } already expired
overview-unassigned = On no node
overview-nodes-title = Nodes
overview-no-nodes = No nodes yet: add them under Nodes.
overview-days-left = { $days } days left
overview-renewals-title = Next renewals
overview-no-renewals = No certificate renews itself yet (Renewals).
overview-renewal-failing = last run failed
health-no-certificate = No certificate
health-failing = Failing
health-drift = Serves another certificate
health-expiring = Expiring
health-unverified = Not verified yet
health-verified = Verified
narrowed-expiring = Expiring from { $from } to { $to }
narrowed-status = Status: { $status }
narrowed-clear = Show all

## Discovery
nav-discovery = Discovery
discovery-title = Discovery
discovery-explained = Find the TLS endpoints on hosts, names and address ranges (up to a /16): TLS from the first byte and STARTTLS on mail, directory and chat ports. What each serves is kept; Alarms compare it with what is assigned.
discovery-targets-placeholder = Hosts, names, ranges: 192.0.2.0/24 pbx.example.com
discovery-ports-placeholder = Ports: 443,8443,smtp:2525
discovery-scan = Scan
discovery-cancel = Cancel
discovery-no-targets = Type the hosts, names or ranges to scan.
discovery-too-wide = The targets hold { $count } addresses; a scan covers at most a /16 (65,536) at a time.
discovery-confirm = This scan covers { $count } addresses. Scan them all?
discovery-confirm-yes = Scan them
discovery-progress = { $done } of { $total } looked at, { $served } serving TLS
discovery-finished = { $answered } endpoints answered; { $new } new, { $silent } known but silent.
discovery-cancelled = (Cancelled: the rest was not looked at.)
discovery-endpoints = Endpoints found: { $count }
discovery-none = No endpoint found yet: scan a host or a range above.
discovery-column-endpoint = Endpoint
discovery-column-protocol = Protocol
discovery-column-state = State
discovery-column-serves = Serves
discovery-column-seen = Last seen
discovery-unmanaged = { $subject } (not in the inventory)
discovery-adopt = Adopt…
discovery-adopt-save = Make node
discovery-node-name = Node name
discovery-bad-target = “{ $target }” is not a host name, an address or a range (CIDR).
discovery-bad-ports = The ports “{ $ports }” are not understood: write them as 443,8443,8000-8010,smtp:2525.
discovery-state-legacy = Old TLS only
discovery-state-gone = No longer answers
discovery-state-silent = Silent
discovery-state-starttls = STARTTLS refused
discovery-state-failed = Handshake failed
overview-pushes-title = Recent pushes
overview-no-pushes = Nothing pushed yet.
push-busy = { $who } has been pushing to this node since { $since }: try again when they are done
push-busy-unknown = Another member is pushing to this node: try again when they are done

## Settings → Unattended renewal (certdeck doctor)
doctor-title = Unattended renewal
doctor-explained = Whether this machine renews and pushes on its own: the vault, the scheduler and its last pass, node secrets, DNS keys (asked with a signed update that changes nothing), ACME accounts (asked of the CA) and the notification channels. The same checks as certdeck doctor.
doctor-check = Check now
doctor-checking = Checking: asking the DNS servers and the CAs…
doctor-cancel = Cancel
doctor-all-good = This machine can renew unattended.
doctor-warnings = It can renew unattended; some things need a look.
doctor-will-fail = Unattended renewal will fail here: see the failed checks.
doctor-ok = ok
doctor-warn = look
doctor-fail = fails
doctor-name-vault = Key vault
doctor-name-scheduler = Scheduler
doctor-name-last-pass = Last pass
doctor-name-node-secrets = Node secrets
doctor-name-node-pins = Node identity
doctor-name-dns-keys = DNS keys
doctor-name-dns-server = DNS server
doctor-name-acme-accounts = ACME accounts
doctor-name-acme-ca = ACME CA
doctor-name-notifications = Notifications
doctor-channels = Notification channels
doctor-no-channels = No channel: a failure at night reaches nobody. Add one with certdeck notify add (mail or webhook).
doctor-test = Send a test
doctor-remove = Remove
doctor-test-delivered = { $channel }: the test was delivered.
doctor-test-failed = { $channel }: the test was not delivered: { $reason }
doctor-no-channel = That channel no longer exists.
doctor-removed = Channel { $channel } removed.
doctor-secrets = Where the secrets live
doctor-no-secrets = No secrets stored.
doctor-in-keychain = in the keychain
doctor-in-vault = sealed by the vault
doctor-remove-ask = Remove the channel { $channel }? Failures will no longer reach it.
doctor-remove-yes = Remove
doctor-remove-no = Keep
doctor-approve-explained = A teammate set these on the shared inventory. The unattended pass would run or write them on this computer, as the account that renews, and refuses them until they are approved here. Read them, and approve only what you recognise.
doctor-approved = { $count } setting(s) approved on this machine.
