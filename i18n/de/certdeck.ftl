# certdeck — Deutsch

app-title = certdeck
app-subtitle = Zertifikate, Schlüssel und Vertrauensketten

# Werkzeugleiste
import-files = Dateien importieren…
import-path-placeholder = Pfad zu einem Zertifikat, Schlüssel, PKCS#7 oder PKCS#12
import-path-open = Öffnen
import-dialog-open = Schließen Sie zuerst den offenen Dialog, um diese Dateien zu importieren.
paste-pem = PEM einfügen
paste-pem-placeholder = PEM-Text hier einfügen (Zertifikate, Schlüssel, Anforderungen…)
paste-pem-import = Eingefügten Text auswerten
paste-pem-cancel = Schließen
clear-all = Leeren
password-placeholder = Kennwort für PKCS#12-Dateien und verschlüsselte Schlüssel
password-retry = Mit Kennwort erneut versuchen
no-file-dialog = Auf diesem Desktop gibt es keinen Dateidialog: Geben Sie den Pfad unten ein.

# Leerer Zustand und Ablegen
empty-title = Zertifikatsdateien irgendwo in diesem Fenster ablegen
empty-hint = PEM, DER, PKCS#7 (.p7b), PKCS#12 (.pfx/.p12), Schlüssel, CSRs, CRLs und DH/EC-Parameter. Das Format wird am Inhalt erkannt.
drop-to-import = Zum Importieren ablegen
working = { $count ->
    [one] Eine Datei wird gelesen…
   *[other] { $count } Dateien werden gelesen…
}

# Liste
column-name = Name
column-status = Status
column-expires = Läuft ab
column-days-left = Tage übrig
column-issuer = Aussteller
column-nodes = Knoten
column-key = Schlüssel
objects-count = { $count ->
    [one] ein Objekt
   *[other] { $count } Objekte
}
errors-count = { $count ->
    [one] ein Problem
   *[other] { $count } Probleme
}

# Arten
kind-certificate = Zertifikat
kind-private-key = Privater Schlüssel
kind-csr = Zertifikatsanforderung
kind-crl = Sperrliste
kind-tls-parameters = TLS-Parameter
kind-public-key = Öffentlicher Schlüssel

# Status (Wörter auf den Plaketten)
status-good = Gut
status-temporary = Vorläufig
status-weak-signature = Schwache Signatur
status-empty-subject = Leerer Antragsteller
status-expiring = { $days ->
    [one] noch 1 Tag
   *[other] noch { $days } Tage
}
status-expired = Abgelaufen
status-not-yet-valid = Noch nicht gültig
status-weak-key = Schwacher Schlüssel
status-no-san = Kein SAN
status-wildcard = Platzhalter
status-ca = CA
status-incomplete-chain = Kette unvollständig
status-key-missing = Schlüssel fehlt

# Detailbereich
detail-none = Wählen Sie ein Objekt, um seine Details zu sehen.
detail-statuses = Status
detail-subject = Antragsteller
detail-issuer = Aussteller
detail-serial = Seriennummer
detail-valid-from = Gültig ab
detail-valid-until = Gültig bis
detail-key = Schlüssel
detail-signature = Signatur
detail-sha1 = SHA-1
detail-sha256 = SHA-256
detail-private-key = Privater Schlüssel
detail-private-key-present = Im selben Import gefunden
detail-private-key-absent = Nicht importiert
detail-extensions = Erweiterungen
detail-critical = kritisch
detail-chain = Vertrauenskette
detail-chain-trusted = Endet bei der vertrauenswürdigen Wurzel { $name }
detail-chain-untrusted-root = Endet bei der Wurzel { $name }, der nicht vertraut wird
detail-chain-missing = Der Aussteller { $name } fehlt
detail-chain-too-long = Der Pfad ist zu lang
detail-pem = PEM
detail-file = Datei
detail-protection = Schutz
detail-request-signature = Signatur der Anforderung
detail-request-signature-ok = Mit dem Schlüssel der Anforderung bestätigt
detail-request-signature-bad = Nicht bestätigt
detail-san = Alternative Namen
detail-this-update = Diese Aktualisierung
detail-next-update = Nächste Aktualisierung
detail-revoked = Gesperrte Zertifikate
detail-parameters = Parameter

# Navigation und Bestand
nav-inventory = Alle Zertifikate
nav-inspect = Dateien prüfen
filter-placeholder = Nach Name, Aussteller, SAN, Seriennummer oder Fingerabdruck filtern
inventory-loading = Der Bestand wird geöffnet…
inventory-empty = Der Bestand ist leer. Legen Sie Zertifikatsdateien hier ab oder wählen Sie „Dateien importieren…“.
inventory-error = Der Bestand konnte nicht geöffnet werden: { $reason }
import-done = { $added } hinzugefügt, { $updated } aktualisiert, { $unchanged } unverändert, { $errors } Probleme
alarms-count = { $count ->
    [0] Keine Alarme
    [one] Ein Alarm
   *[other] { $count } Alarme
}
column-role = Art
role-server = Server (mit Schlüssel)
role-leaf = Zertifikat
role-intermediate = Zwischen-CA
role-root = Stamm-CA
detail-nodes = Knoten

# Welche Zertifikate die Liste zeigt.
show-all = Alle Zertifikate
show-attention = Handlungsbedarf
show-expired = Abgelaufen
show-expiring = Läuft bald ab
show-with-key = Mit privatem Schlüssel
show-authorities = Zertifizierungsstellen

# Einstellungen
nav-settings = Einstellungen
settings-title = Einstellungen
settings-language = Sprache
settings-language-system = Wie das System
settings-theme = Erscheinungsbild
theme-system = Wie das System
theme-light = Hell
theme-dark = Dunkel
settings-warning-days = So viele Tage vor Ablauf eines Zertifikats warnen
settings-warning-days-invalid = Geben Sie eine Zahl von 1 bis 3650 Tagen ein.
settings-data-dir = Datenordner (der Bestand und sein Schlüsseltresor)
settings-team = Team-Datenbank
settings-team-placeholder = postgres://you@db.example.com/certdeck?sslmode=require
settings-team-explained = Die gemeinsame PostgreSQL-Datenbank eines Teams (certdeck team init): jedes Verteilen sperrt zuerst dort den Knoten und trägt sein Ergebnis ins Audit-Protokoll des Teams ein. Leer: kein Team.
settings-team-invalid = Keine PostgreSQL-Adresse: { $reason }
shared-watch-lost = Änderungen anderer Mitglieder kommen nicht mehr an ({ $reason }): neuer Versuch in einer halben Minute; bis dahin von Hand neu laden.
shared-title = Gemeinsames Inventar
shared-uses-own = Dieser Datenordner nutzt sein eigenes Inventar (eine Datei auf diesem Rechner).
shared-uses-team = Dieser Datenordner nutzt das gemeinsame Inventar des Teams unter { $url }.
shared-use = Inventar des Teams nutzen
shared-copy-up = Dieses Inventar hochkopieren
shared-create = Dort ein Team anlegen
shared-leave = Zurück zum eigenen Inventar des Ordners
shared-copy-down = Team-Inventar hierher kopieren
shared-needs-team = Oben die Team-Datenbank angeben (und speichern), um ein Inventar zu teilen.
shared-explained = Das Team-Inventar zu nutzen kopiert nichts (ein neues Mitglied). Hochkopieren bringt alles von hier in das leere Team-Inventar; Herunterkopieren bringt das des Teams in das leere Inventar dieses Ordners. Beide vergleichen jedes Objekt vor dem Umschalten; das Original bleibt unverändert.
shared-starting = Beginnt…
shared-copying = { $table } kopiert ({ $rows } Zeilen)…
shared-cancel = Abbrechen
shared-no-folder = Kein Datenordner auf diesem System.
shared-now-team = Dieser Ordner nutzt jetzt das Inventar des Teams.
shared-now-own = Dieser Ordner nutzt wieder sein eigenes Inventar.
shared-copied = { $rows } Zeilen kopiert und verglichen; dieser Ordner nutzt jetzt die Kopie.
shared-created = Team angelegt; { $me } ist sein erster Admin. Dieses Inventar hochkopieren oder das des Teams nutzen.
settings-choose = Auswählen…
settings-default = Standard
settings-keychain = Schlüsselbund
settings-keychain-checking = Wird geprüft…
settings-keychain-ok = In Verwendung: { $name }
settings-keychain-none = Nicht verfügbar ({ $reason }). Der Schlüsseltresor braucht eine Passphrase: Setzen Sie CERTDECK_VAULT_PASSPHRASE.
settings-renderer = Darstellung
settings-renderer-asked = { $name }, wie ICED_BACKEND verlangt
settings-renderer-gpu = wgpu auf { $name }
settings-renderer-software = tiny-skia: keine GPU vorhanden ({ $names } zeichnet in Software, tiny-skia braucht dafür weniger Speicher)
settings-renderer-none = tiny-skia: kein Grafikadapter gefunden
settings-file = Einstellungsdatei
settings-no-file = Dieses System hat keinen Konfigurationsordner: Einstellungen können nicht gespeichert werden.
settings-save = Speichern
settings-revert = Änderungen verwerfen
settings-saved = Gespeichert in { $path }.

# Sprachnamen, jeweils in der eigenen Sprache.
language-de = Deutsch
language-en = English
language-es = Español
language-fr = Français
language-ja = 日本語

# Warum ein Zertifikat einen Status hat (Detailbereich)
reason-expired = Abgelaufen am { $date } (vor { $days ->
    [one] 1 Tag
   *[other] { $days } Tagen
}).
reason-not-yet-valid = Nicht gültig vor dem { $date }.
reason-expiring = { $days ->
    [one] Noch 1 Tag
   *[other] Noch { $days } Tage
}: läuft am { $date } ab.
reason-weak-signature = Mit { $algorithm } signiert: Ersetzen Sie es durch ein mit SHA-2 signiertes Zertifikat.
reason-weak-key = { $key } ist zu schwach: RSA braucht mindestens 2048 Bit, EC mindestens 256.
reason-incomplete-chain = Kein Pfad zu einer vertrauenswürdigen Wurzel: Der Aussteller { $name } fehlt.
reason-incomplete-chain-untrusted = Kein Pfad zu einer vertrauenswürdigen Wurzel: { $name } wird nicht vertraut.
reason-key-missing = Der private Schlüssel zu diesem Serverzertifikat fehlt.
reason-temporary = Selbstsigniert: Clients vertrauen ihm erst, wenn es durch ein von einer CA signiertes Zertifikat ersetzt wird.
reason-empty-subject = Der Antragsteller ist leer; das Zertifikat wird nur über seine alternativen Namen benannt.
reason-no-san = Kein alternativer Antragstellername: Browser und die meisten TLS-Clients ignorieren den Common Name.
reason-wildcard = Platzhaltername { $name }: SIP über TLS akzeptiert keine Platzhalter (RFC 5922).
reason-ca = Zertifizierungsstelle.
reason-ca-path-length = Zertifizierungsstelle (höchstens { $limit } Zwischen-CAs darunter).

# Ein Zertifikat löschen
detail-delete = Löschen…
delete-title = { $name } löschen?
delete-warning = Sein privater Schlüssel und seine Knotenzuweisungen werden mitgelöscht. Bereits auf Knoten übertragene Dateien bleiben dort. Dies kann nicht rückgängig gemacht werden.
delete-confirm = Löschen
delete-cancel = Abbrechen
deleted = { $name } wurde gelöscht.

# Die Prüfungen jedes Glieds der Vertrauenskette
check-builtin-anchor = Eingebaute Mozilla-Wurzel (nur Name und Schlüssel)
check-issuer-not-found = Aussteller { $name } nicht gefunden
check-issuer-not-found-key-id = Aussteller { $name } (Schlüssel-ID { $key_id }) nicht gefunden
check-valid-until = Gültig bis { $date }
check-not-valid-before = Nicht gültig vor { $date }
check-expired-on = Abgelaufen am { $date }
check-self-signed = Selbstsigniert: Die Signatur wird mit dem eigenen Schlüssel bestätigt
check-issuer-name = Ausstellername stimmt mit { $name } überein
check-issuer-name-builtin = Ausstellername stimmt mit einer eingebauten Wurzel überein
check-key-id-matches = Stellenschlüssel-ID stimmt überein: { $key_id }
check-key-id-differs = Stellenschlüssel-ID { $key_id } weicht von der Schlüssel-ID des Ausstellers { $issuer_key_id } ab
check-no-key-ids = Keine Schlüssel-IDs zum Vergleichen
check-signature-issuer = { $algorithm }-Signatur mit dem Schlüssel des Ausstellers bestätigt
check-signature-root = { $algorithm }-Signatur mit dem Schlüssel der Wurzel bestätigt
check-signature-fails-issuer = Die Signatur lässt sich mit dem Schlüssel des Ausstellers nicht bestätigen
check-signature-fails-root = Die Signatur lässt sich mit dem Schlüssel der Wurzel nicht bestätigen
check-issuer-is-ca = Der Aussteller ist eine CA
check-issuer-not-ca = Der Aussteller ist keine CA (basicConstraints CA:FALSE oder fehlt)
check-issuer-may-sign = Der Aussteller darf Zertifikate signieren
check-issuer-lacks-cert-sign = Der Schlüsselverwendung des Ausstellers fehlt keyCertSign
check-path-length-exceeded = { $below } Zwischen-CAs unter einem Aussteller, der { $limit } erlaubt
check-path-length-ok = { $below } Zwischen-CAs darunter, { $limit } erlaubt
check-no-path-length = Der Aussteller begrenzt die Pfadlänge nicht

# Ein Zertifikat exportieren
detail-export = Exportieren…
export-title = Exportieren
export-title-name = { $name } exportieren
export-what = Was
export-what-certificate = Nur das Zertifikat
export-what-chain = Das Zertifikat mit seiner Kette
export-what-key = Das Zertifikat, seine Kette und sein privater Schlüssel
export-format = Format
export-format-pem = PEM (.pem) – Text, die meisten Appliances
export-format-der = DER (.der, .cer) – ein binäres Zertifikat
export-format-p7b = PKCS#7 (.p7b) – Zertifikate, kein Schlüssel
export-format-pfx-modern = PKCS#12 (.pfx), modern – AES, OpenSSL 3 und Windows 10+
export-format-pfx-compatible = PKCS#12 (.pfx), kompatibel – 3DES, ältere Appliances und Java
export-passphrase = Passphrase
export-passphrase-hint = Schützt den privaten Schlüssel oder die PKCS#12-Datei
export-plain-key = Privaten Schlüssel unverschlüsselt schreiben (wer die Datei erhält, kann ihn verwenden)
export-key-needs-pem-or-pfx = DER- und PKCS#7-Dateien können keinen privaten Schlüssel enthalten: Wählen Sie PEM oder PKCS#12.
export-der-one-certificate = Eine DER-Datei enthält ein Zertifikat: Wählen Sie PEM oder PKCS#7 für die Kette.
export-pfx-needs-passphrase = Geben Sie eine Passphrase für die PKCS#12-Datei ein.
export-plain-key-unconfirmed = Geben Sie eine Passphrase für den privaten Schlüssel ein oder bestätigen Sie, dass er unverschlüsselt geschrieben werden darf.
export-save = Speichern…
export-no-dialog = Kein Speicherdialog verfügbar (oder er wurde geschlossen): Pfad bearbeiten und hier speichern.
export-save-here = Hier speichern
exported = { $path } gespeichert.

# Alarme
nav-alarms = Alarme
alarms-title = Alarme
alarms-explained = Knoten ohne Zertifikat, abgelaufene oder innerhalb von { $days } Tagen ablaufende Zertifikate und Ketten, die keine vertrauenswürdige Wurzel erreichen. Klicken Sie auf einen Alarm, um sein Zertifikat zu sehen.
alarms-none = Nichts erfordert Aufmerksamkeit.
alarm-kind-node = Kein Zertifikat
alarm-kind-expiring = Läuft bald ab
alarm-node-without-certificate = Der Knoten { $node } hat kein Serverzertifikat.
alarm-expired = { $name } ist am { $date } abgelaufen.
alarm-expiring = { $name } läuft in { $days ->
    [one] 1 Tag
   *[other] { $days } Tagen
} ab ({ $date }).
alarm-incomplete-chain = { $name }: Die Kette erreicht keine vertrauenswürdige Wurzel: { $reason }.
alarm-kind-drift = Abweichung
alarm-kind-unmanaged = Nicht verwaltet
alarm-kind-vanished = Verschwunden
alarm-kind-weak-wire = Schwach im Netz
alarm-drift = { $endpoint } liefert ein anderes Zertifikat als das dem Knoten { $node } zugewiesene.
alarm-unmanaged-expiring = { $endpoint } liefert ein Zertifikat, das nicht im Bestand ist und im Alarmzeitraum abläuft (oder abgelaufen ist).
alarm-vanished = { $endpoint } hat ein Zertifikat geliefert und antwortet nicht mehr.
alarm-weak-on-wire = { $endpoint } spricht nur TLS 1.0/1.1 oder liefert eine SHA-1-Signatur oder einen schwachen Schlüssel.

# Vertrauenswürdige CAs
nav-trusted = Vertrauenswürdige CAs
trusted-title = Vertrauenswürdige CAs
trusted-explained = Ketten müssen bei einer dieser CAs enden. Die Vertrauensliste jedes Knotens, die mit seinem Zertifikat übertragen wird, wird aus ihnen gewählt (certdeck node trust).
trusted-custom = { $count ->
    [0] Ihre CAs
   *[other] Ihre CAs ({ $count })
}
trusted-none = Noch keine: Importieren Sie ein Stamm- oder Zwischen-CA-Zertifikat und wählen Sie „Dieser CA vertrauen“.
trusted-expires = läuft am { $date } ab
trusted-remove = Nicht mehr vertrauen
trusted-add = Dieser CA vertrauen
trusted-builtin = Eingebaute Mozilla-Wurzeln ({ $count })

# Nach Knoten
nav-nodes = Nach Knoten
nodes-title = Nach Knoten
nodes-explained = Jeder Knoten mit dem Serverzertifikat, das er ausliefern soll, seiner Vertrauensliste und dem Ergebnis der letzten Übertragung oder Prüfung. Wählen Sie ein Zertifikat, um es zuzuweisen (es ersetzt das bisherige).
nodes-none = Noch keine Knoten. Fügen Sie einen mit Knoten hinzufügen… hinzu.
nodes-no-certificate = Kein Zertifikat
nodes-assign = Zertifikat zuweisen…
nodes-alarms = { $count ->
    [0] Keine Alarme
    [one] Ein Alarm
   *[other] { $count } Alarme
}
nodes-trust = Vertraut: { $names }
nodes-trust-none = Vertrauensliste: keine übertragen (mit Bearbeiten… festlegen)
nodes-last-result = Letztes Ergebnis: { $result }
nodes-driver-folder = Ordnerpaket
nodes-driver-none = Noch nicht für Übertragungen erreichbar (mit Bearbeiten… einrichten)

# Zertifikatsanforderungen
nav-requests = Anforderungen
requests-title = Zertifikatsanforderungen
requests-explained = Hier (Neue Anforderung…, Erneuern… an einem Zertifikat) oder mit certdeck csr erstellte Anforderungen. Importieren Sie das Zertifikat, das Ihre CA zurückschickt: Es schließt seine Anforderung ab und wird mit dem seitdem aufbewahrten Schlüssel gepaart.
requests-pending = { $count ->
    [0] Keine wartet auf eine CA.
    [one] Eine wartet auf eine CA.
   *[other] { $count } warten auf eine CA.
}
requests-none = Noch keine Anforderungen. Erstellen Sie eine mit Neue Anforderung… oder erneuern Sie ein Zertifikat in seiner Detailansicht.
requests-waiting = Wartet auf die CA
requests-completed = Abgeschlossen
requests-key-kept = privater Schlüssel im Tresor aufbewahrt
requests-usage-server = TLS-Server
requests-usage-client = TLS-Client
requests-usage-both = Server und Client

## Signing-request wizard

csr-new = Neue Anforderung…
detail-renew = Erneuern…
csr-title-new = Neue Zertifikatsanforderung
csr-title-renew = { $name } erneuern
csr-key = Schlüssel
csr-key-keep = Bisherigen Schlüssel behalten
csr-key-rsa2048 = RSA 2048
csr-key-rsa3072 = RSA 3072
csr-key-rsa4096 = RSA 4096
csr-key-p256 = ECDSA P-256
csr-key-p384 = ECDSA P-384
csr-key-ed25519 = Ed25519
csr-usage = Verwendung
csr-node = Für Knoten
csr-node-none = Kein Knoten
csr-subject = Antragsteller
csr-common-name = Allgemeiner Name (CN)
csr-organization = Organisation (O)
csr-unit = Organisationseinheit (OU)
csr-locality = Ort (L)
csr-state = Bundesland (ST)
csr-country = Land (C)
csr-email = E-Mail-Adresse
csr-names = Alternative Antragstellernamen
csr-names-hint = conf1.example.com, 192.0.2.10 oder sip:conf@example.com
csr-add-name = Hinzufügen
csr-remove-name = Entfernen
csr-cn-in-san = Den allgemeinen Namen zu den Namen hinzufügen (Browser ignorieren den CN)
csr-checks = Prüfungen vor dem Absenden
csr-checks-clean = Nichts zu beanstanden.
csr-create = Anforderung erstellen
csr-working = Schlüssel und Anforderung werden erstellt…
csr-bad-name = { $name } ist weder Hostname, IP-Adresse, E-Mail-Adresse noch URI.
csr-bad-country = Das Land { $country } muss aus zwei Großbuchstaben bestehen (ISO 3166), etwa NO oder DE.
csr-field-too-long = { $value } ist länger als die 64 Zeichen, die ein Antragstellerfeld fassen kann.
csr-made = Anforderung für { $name } erstellt. Senden Sie sie an Ihre CA; importieren Sie das zurückgeschickte Zertifikat, dann wird es mit dem hier aufbewahrten Schlüssel gepaart.
csr-made-key = Schlüssel: { $key }, im Tresor aufbewahrt
csr-copy = Kopieren
csr-copied = In die Zwischenablage kopiert.
csr-save = Speichern unter…
csr-saved = Anforderung gespeichert unter { $path }
csr-close = Schließen
lint-error = Verhindert die Anforderung
lint-warning = Warnung
lint-no-san = Kein alternativer Antragstellername: Browser und die meisten TLS-Clients werden das Zertifikat ablehnen.
lint-empty-subject = Der Antragsteller ist leer: Manche Geräte können solche Zertifikate nicht anzeigen oder importieren.
lint-wildcard-sip = { $names }: SIP über TLS akzeptiert keine Platzhalter (RFC 5922), und { $node } ist ein SIP-Knoten.
lint-name-not-covered = Die Anforderung deckt { $name } nicht ab, einen Namen des Knotens { $node }.
lint-wildcard = { $names }: Platzhalter werden für SIP über TLS nicht akzeptiert (RFC 5922).
lint-weak-key = { $key } ist zu schwach: Verwenden Sie RSA 2048 oder mehr oder P-256.
lint-ed25519 = Viele Geräte und öffentliche CAs akzeptieren noch keine Ed25519-Schlüssel: Bevorzugen Sie RSA oder P-256.

## Node form

node-add = Knoten hinzufügen…
node-edit = Bearbeiten…
node-title-add = Knoten hinzufügen
node-title-edit = { $name } bearbeiten
node-name = Name
node-fqdn = FQDN
node-alt-names = Alternative Namen (durch Kommas getrennt)
node-role = Zertifikat verwendet für
node-sip = Terminiert SIP über TLS (Platzhalterzertifikate werden dafür abgelehnt)
node-endpoints = Nach einer Übertragung zu prüfende TLS-Endpunkte (host:port, durch Kommas getrennt; SIP TLS ist 5061)
node-driver = Wie Zertifikate dorthin gelangen
node-driver-none = Nicht von certdeck übertragen
node-driver-folder = Ordner-Paket
node-driver-ssh = SSH/SFTP
node-driver-https = HTTPS-Upload (WebDAV oder Webformular)
node-driver-pexip = Pexip-Infinity-Verwaltungs-API
node-driver-none-explained = certdeck verwaltet Zertifikat und Alarme des Knotens; die Dateien installieren Sie selbst (Exportieren).
node-folder = Ordner für das Paket
node-reload-local = Befehl, der danach hier ausgeführt wird (optional)
node-host = Host (Standard: der FQDN)
node-port = Port
node-user = Benutzer
node-certificate-path = Zertifikatsdatei auf dem Knoten (mit Kette)
node-key-path = Datei des privaten Schlüssels auf dem Knoten (optional)
node-ca-path = Datei der vertrauenswürdigen CAs auf dem Knoten (optional)
node-reload-remote = Befehl, der danach auf dem Knoten ausgeführt wird (optional)
node-password = Passwort
node-ssh-key = Datei mit privatem OpenSSH-Schlüssel (optional)
node-secrets-explained = Passwörter und Schlüssel kommen in den Schlüsselbund des Systems, nie in das Inventar. Leer lassen, um das Gespeicherte zu behalten.
node-url = Upload-URL (ein WebDAV-Ordner mit / am Ende oder die Adresse des Formulars)
node-upload = Hochladen als
node-upload-webdav = WebDAV (PUT)
node-upload-form = Webformular (multipart)
node-auth = Authentifizierung
node-form-field = Formularfeld für die Datei
node-pexip-url = URL des Management Node
node-pexip-name = Name des Knotens in Pexip Infinity (Standard: dieser Name)
node-connection = Verbindung
node-test = Verbindung testen
node-testing = Verbindung wird aufgebaut…
node-host-key = SSH-Hostschlüssel: { $fingerprint }
node-tls-certificate = HTTPS-Zertifikat SHA-256: { $fingerprint }
node-check-then-pin = Vergleichen Sie ihn mit dem des Knotens (ssh-keygen -lf auf dem Knoten oder seine Webseite) und pinnen Sie ihn dann: certdeck verbindet sich nur mit Gepinntem.
node-pin = Pinnen
node-pinned = Gepinnt: certdeck verbindet sich mit diesem Knoten nur, solange er dies zeigt.
node-pinned-earlier = Gepinnt: { $fingerprint }
node-logged-in = Angemeldet als { $user }; der Hostschlüssel ist gepinnt.
node-trust-title = An den Knoten übertragene vertrauenswürdige CAs
node-trust-no-cas = Das Inventar enthält noch keine CA-Zertifikate.
node-save = Speichern
node-needs-name = Geben Sie den Namen des Knotens ein.
node-needs-fqdn = Geben Sie den FQDN des Knotens ein.
node-needs-path = Geben Sie den Zielordner ein.
node-needs-user = Geben Sie den Benutzer für die Anmeldung ein.
node-needs-certificate-path = Geben Sie an, wohin das Zertifikat auf dem Knoten kommt.
node-needs-url = Geben Sie die URL ein.
node-bad-endpoint = { $endpoint } ist nicht host:port.
node-bad-port = { $port } ist keine Portnummer.

## Import review

review-title = In das Inventar importieren
review-reading = Dateien werden gelesen…
review-summary = Wird: { $added } hinzugefügt, { $updated } aktualisiert, { $unchanged } unverändert; { $errors } Probleme
review-import = Importieren
review-working = In Arbeit…
review-locked = { $file } ist durch ein Passwort geschützt
review-password = Passwort der Datei oder des Schlüssels
review-unlock = Öffnen
review-wrong-password = Dieses Passwort öffnet sie nicht.
review-added = Hinzugefügt
review-updated = Aktualisiert
review-unchanged = Schon vorhanden
review-skipped = Nicht übernommen
review-error = Problem
review-trusted = zu den vertrauenswürdigen CAs
review-paired = mit seinem privaten Schlüssel gepaart
review-replaces = ersetzt das gespeicherte mit derselben Seriennummer
review-completes = schließt die Zertifikatsanforderung #{ $request } ab
review-pairs-stored = { $count ->
    [one] gepaart mit einem gespeicherten Zertifikat
   *[other] gepaart mit { $count } gespeicherten Zertifikaten
}

## Push dialog

detail-push = Übertragen…
node-push = Übertragen…
push-title = An Knoten übertragen
push-title-certificate = { $name } übertragen
push-choose = Wählen Sie die Knoten. Jeder erhält über seinen Treiber sein Zertifikat mit Kette, Schlüssel und Parametern sowie seine Vertrauensliste; danach werden seine TLS-Endpunkte geprüft.
push-no-nodes = Noch kein Knoten hat einen Treiber: Richten Sie einen mit Bearbeiten… auf der Seite Nach Knoten ein.
push-no-certificate = kein Zertifikat zugewiesen und keine Vertrauensliste: nichts zu senden
push-will-assign = erhält { $name } (ersetzt das bisherige)
push-sends = sendet { $name }
push-planning = Wird geplant…
push-see-plan = Plan ansehen
push-plan-explained = Noch wurde nichts gesendet. Das wird jeder Treiber tun:
push-plan-set-by = Treiber, Adresse und Pin wurden von { $who } am { $when } eingestellt.
push-approve-title = Auf diesem Computer noch nicht genehmigt
push-approve-explained = Ein Teammitglied hat dies im gemeinsamen Inventar eingestellt. Beim Übertragen würde es auf diesem Computer ausgeführt oder geschrieben, mit Ihren Rechten. Lesen Sie es und genehmigen Sie nur, was Sie kennen; ein geänderter Befehl wird erneut erfragt.
push-approve-button = Auf diesem Computer genehmigen
approve-kind-reload = Neulade-Befehl
approve-kind-folder = Ordner (der private Schlüssel wird hier geschrieben)
approve-kind-scan = gespeicherter Scan
approve-kind-file = Datei auf diesem Computer, die an den Knoten gesendet wird
approve-kind-webroot = Web-Root auf diesem Computer (HTTP-01-Antworten werden dort geschrieben)
approve-kind-listener = auf diesem Computer geöffneter Listener (HTTP-01)
approve-set-by = eingestellt von { $who } am { $when }
approve-set-by-unknown = wer es eingestellt hat, ist nicht festgehalten
push-plan-node = { $node } ({ $driver }): { $subject }
push-run = Jetzt übertragen
push-running = Wird übertragen… Abbrechen überspringt noch nicht begonnene Knoten; laufende werden beendet und geprüft.
push-cancelling = Wird abgebrochen: noch nicht begonnene Knoten werden übersprungen.
push-waiting = Wartet
push-skipped = Übersprungen
push-applying = Wird gesendet…
push-applied = Gesendet
push-verifying = Wird geprüft…
push-verified = Bestätigt
push-rolled-back = Zurückgesetzt
push-failed = Fehlgeschlagen
push-endpoint-ok = ✓ { $endpoint } liefert das neue Zertifikat aus
push-endpoint-failed = ✗ { $endpoint }: { $detail }
push-then-verify = danach per TLS prüfen, dass { $endpoint } es ausliefert (sonst zurückgesetzt)

## Notifications

notes-bell = { $count ->
    [0] Benachrichtigungen
   *[other] Benachrichtigungen ({ $count })
}
notes-title = Benachrichtigungen
notes-none = Noch nichts.
notes-clear = Leeren
notes-alarm = Neuer Alarm: { $alarm }
notes-new-alarm = certdeck: neuer Alarm
notes-more-alarms = { $count ->
    [one] und ein weiterer Alarm
   *[other] und { $count } weitere Alarme
}
notes-desktop-refused = Der Desktop hat keine Benachrichtigung angezeigt ({ $reason }); neue Alarme stehen hier.
notes-desktop-no-service = auf diesem Desktop antwortet kein Benachrichtigungsdienst
settings-notifications = Desktop-Benachrichtigungen
settings-notifications-on = Jeden neuen Alarm auf dem Desktop melden
detail-assign = Einem Knoten zuweisen…

## Nodes screen

nav-node-list = Knoten
nodes-list-title = Knoten
nodes-list-explained = Wie jeder Knoten erreicht wird, welche TLS-Endpunkte nach einer Übertragung geprüft werden und ob sein Hostschlüssel oder Zertifikat gepinnt ist.
nodes-list-no-endpoints = Keine TLS-Endpunkte, die nach einer Übertragung geprüft werden
nodes-list-endpoints = Nach einer Übertragung geprüft: { $endpoints }
nodes-list-pinned = Gepinnt: { $fingerprint }
nodes-list-not-pinned = Noch nicht gepinnt: Verbindung testen in seinem Formular
nodes-list-remove = Entfernen…
nodes-list-folder = Ordner-Paket in { $path }
nodes-list-ssh = SSH/SFTP als { $user } auf { $host } Port { $port }
nodes-list-https = HTTPS-Upload nach { $url }
nodes-list-pexip = Pexip-Infinity-API unter { $url } (Knoten { $name })
nodes-remove-title = Knoten { $name } entfernen?
nodes-remove-warning = Sein Zertifikat bleibt im Inventar; Passwort und SSH-Schlüssel werden aus dem Schlüsselbund gelöscht. Dateien auf dem Knoten bleiben dort.
node-removed = Knoten { $name } entfernt
nodes-check = Jetzt prüfen
nodes-check-ok = { $node } liefert sein Zertifikat { $count ->
    [one] an seinem Endpunkt
   *[other] an allen { $count } Endpunkten
} aus
nodes-check-failed = { $node } liefert sein Zertifikat nicht wie erwartet aus ({ $detail })
nodes-check-failed-word = Prüfung fehlgeschlagen
push-trust-only = { $count ->
    [one] sendet nur seine Vertrauensliste (eine CA)
   *[other] sendet nur seine Vertrauensliste ({ $count } CAs)
}

# A push that never finished (certdeck was stopped mid-push): a banner over the window.
push-unfinished = { $count ->
    [one] Eine Übertragung wurde nicht beendet (certdeck wurde mittendrin gestoppt): { $nodes } ist womöglich halb geändert.
   *[other] { $count } Übertragungen wurden nicht beendet (certdeck wurde mittendrin gestoppt): { $nodes } sind womöglich halb geändert.
}
push-unfinished-rollback = Zurücksetzen
push-unfinished-working = Arbeite auf den Knoten…
push-unfinished-complete = Abschließen
push-resumed = { $node }: { $detail }

# Zertifikate von ACME-CAs: die Ansicht Erneuerungen, ihre Dialoge und der Assistent Zertifikat holen.
nav-renewals = Erneuerungen
word-yes = ja
word-no = nein
word-none = keine
dialog-cancel = Abbrechen
challenge-dns01 = DNS-01 über { $server } (RFC 2136)
challenge-manual = DNS-01 von Hand
challenge-listen = HTTP-01 auf { $listen } (dieser Computer)
challenge-webroot = HTTP-01 in { $webroot } auf dem Knoten
renewals-title = Erneuerungen
renewals-explained = Knoten mit einem ACME-Aussteller erhalten ihre Zertifikate von ihrer CA und lassen sie selbständig erneuern, verteilen und prüfen – durch den Zeitplaner des Systems (certdeck schedule install) oder hier.
renewals-renew-due = Fälliges erneuern
renewals-get-certificate = Zertifikat holen…
renewals-upcoming = Anstehende Erneuerungen
renewals-none = Noch kein Knoten erhält sein Zertifikat von einer ACME-CA. Zertifikat holen… richtet das ein.
renewals-due = Fällig am { $date }
renewals-due-now = Jetzt fällig
renewals-push-now = Ein neues Zertifikat wartet auf die Verteilung
renewals-hold = Erhalten; wird verteilt, wenn das Wartungsfenster öffnet ({ $date })
renewals-retry = { $failures ->
    [one] Einmal fehlgeschlagen
   *[other] { $failures }-mal in Folge fehlgeschlagen
}; neuer Versuch { $date }
renewals-rate-limited = Die CA begrenzt dieses Konto bis { $date }
renewals-expires = läuft ab am { $date }
renewals-no-certificate = noch kein Zertifikat
renewals-last-run = Letzter Lauf: { $outcome }, { $when }
renewals-never-run = Noch nie gelaufen
renewals-renew-now = Jetzt erneuern
renewals-edit = Bearbeiten…
renewals-remove = Entfernen
renewals-accounts = ACME-Konten
renewals-add-account = Konto hinzufügen…
renewals-no-accounts = Noch kein ACME-Konto.
renewals-account-active = Aktiv
renewals-account-deactivated = Deaktiviert
renewals-account-limited = Begrenzt bis { $date }
renewals-deactivate = Deaktivieren…
renewals-dns-servers = DNS-Server (RFC 2136)
renewals-add-dns = DNS-Server hinzufügen…
renewals-no-dns = Noch kein DNS-Server: DNS-01 per RFC 2136 braucht einen (sein TSIG-Geheimnis kommt in den Schlüsselbund).
renewals-dns-line = Zone { $zone } auf { $server }, Schlüssel { $key } ({ $algorithm })
renewals-log = Erneuerungsprotokoll
renewals-no-runs = Noch nichts gelaufen.
renewals-running = Erneuere…
renewals-cancelling = Abbruch: laufende Bestellungen halten beim nächsten Schritt an, nicht begonnene Knoten werden übersprungen.
renewals-finished = Erneuerung beendet
renewals-cancel = Abbrechen
renewals-dismiss = Ausblenden
renewals-step-starting = Inventar wird geöffnet…
renewals-step-waiting = Wartet
renewals-step-ordering = Bestelle ein Zertifikat für { $names }
renewals-step-proving = Weise { $name } nach ({ $how })
renewals-step-create-record = Diesen DNS-Eintrag jetzt anlegen
renewals-step-delegated = { $record } ist an { $target } delegiert
renewals-step-waiting-dns = Warte, bis die autoritativen Server { $record } beantworten
renewals-step-finalizing = Bestellung wird abgeschlossen
renewals-step-downloading = Zertifikat wird geladen
renewals-step-pushing = Verteile und prüfe über TLS
renewals-record-explained = Legen Sie diesen TXT-Eintrag in der Zone an; certdeck macht von selbst weiter, sobald jeder autoritative Server ihn beantwortet:
renewals-copy-value = Wert kopieren
renewals-copy-record = Eintrag kopieren
renewals-outcome-renewed = Erneuert
renewals-outcome-pushed = Übertragen (früher bezogen)
renewals-outcome-obtained = Erhalten, wartet auf das Fenster
renewals-outcome-not-due = Nicht fällig
renewals-outcome-waiting = Wartet
renewals-outcome-would-renew = Würde erneuern
renewals-outcome-would-push = Würde verteilen
renewals-outcome-failed = Fehlgeschlagen
renewals-note = { $node }: { $outcome } – { $detail }
renewals-account-added = ACME-Konto { $name } registriert
renewals-dns-added = DNS-Server { $name } hinzugefügt; sein TSIG-Geheimnis liegt im Schlüsselbund
renewals-issuer-saved = { $node } erhält seine Zertifikate jetzt per ACME
renewals-deactivate-title = ACME-Konto { $name } deaktivieren?
renewals-deactivate-warning = Die CA deaktiviert das Konto endgültig: Es kann nie wieder bestellen oder widerrufen. Knoten, die es nutzen, brauchen ein anderes Konto.
renewals-remove-issuer-title = { $node } nicht mehr per ACME erneuern?
renewals-remove-issuer-warning = Der Knoten behält sein aktuelles Zertifikat; für ihn wird nichts mehr bestellt oder verteilt.
renewals-remove-dns-title = DNS-Server { $name } entfernen?
renewals-remove-dns-warning = Sein TSIG-Geheimnis wird aus dem Schlüsselbund gelöscht. Knoten, deren Challenge ihn nutzt, können erst mit einem anderen wieder erneuern.
nodes-list-acme = ACME…
nodes-list-issuer = ACME: { $account }, { $challenge } – { $next }; Verteilung { $window }
account-title = ACME-Konto hinzufügen
account-explained = certdeck registriert ein Konto bei der CA; sein Schlüssel wird im Tresor versiegelt. Probieren Sie eine neue Einrichtung zuerst mit einer Staging-CA: Ihren Zertifikaten wird nicht vertraut, aber ihre Limits sind großzügig.
account-name = Name in certdeck
account-ca = Zertifizierungsstelle
account-ca-other = Andere CA (Verzeichnis-URL)
account-url = Verzeichnis-URL
account-look-up = Verzeichnis lesen
account-root = Stammzertifikat des eigenen HTTPS der CA (nur interne CAs)
account-root-placeholder = /pfad/zu/ca-root.pem (optional)
account-root-unreadable = { $path } kann nicht gelesen werden: { $reason }
account-reading = Verzeichnis der CA wird gelesen…
account-directory-failed = Das Verzeichnis der CA kann nicht gelesen werden: { $reason }
account-terms = Nutzungsbedingungen: { $terms }
account-eab = External Account Binding nötig: { $needed }
account-ari = Erneuerungsinformationen (ARI): { $offered }
account-profiles = Profile: { $profiles }
account-contact = Kontakt-E-Mail (die CA schreibt hierhin zu Ablauf und Vorfällen)
account-eab-kid = EAB-Schlüssel-ID
account-eab-hmac = EAB-HMAC-Schlüssel
account-agree = Ich habe die Nutzungsbedingungen der CA gelesen und stimme ihnen zu
account-register = Registrieren
account-registering = Registriere…
account-missing-name = Geben Sie dem Konto einen Namen.
account-missing-url = Geben Sie die Verzeichnis-URL der CA an.
account-missing-terms = Den Bedingungen der CA muss zugestimmt werden.
account-missing-eab = Diese CA braucht die Schlüssel-ID und den HMAC-Schlüssel, die sie Ihnen gegeben hat (External Account Binding).
dns-title = DNS-Server hinzufügen
dns-explained = Ein DNS-Server, der mit einem TSIG-Schlüssel signierte RFC-2136-Updates annimmt (BIND, PowerDNS, Knot, Windows DNS). Das Geheimnis kommt in den Schlüsselbund, den Rest behält das Inventar.
dns-name = Name in certdeck
dns-server = Primärer Server (Host:Port)
dns-zone = Zone
dns-key-name = Name des TSIG-Schlüssels
dns-algorithm = Algorithmus
dns-secret = TSIG-Geheimnis (Base64, wie tsig-keygen es ausgibt)
dns-check-servers = Zu prüfende autoritative Server (Host:Port, optional)
dns-check-servers-placeholder = leer: die NS-Einträge der Zone
dns-save = Speichern
dns-missing = Name, Server, Zone, Schlüsselname und Geheimnis werden gebraucht.
issuer-title = Ein Zertifikat per ACME holen
issuer-step-node = Knoten
issuer-step-ca = CA
issuer-step-challenge = Challenge
issuer-step-options = Schlüssel und Fenster
issuer-step-review = Prüfen
issuer-node-explained = Der Knoten, dessen Zertifikat von der CA kommt. Bestellt werden sein FQDN und seine alternativen Namen; ändern Sie sie im Formular des Knotens.
issuer-node = Knoten
issuer-names = Bestellte Namen: { $names }
issuer-names-label = Namen
issuer-node-no-names = Dieser Knoten hat weder FQDN noch alternative Namen, für die ein Zertifikat bestellt werden könnte.
issuer-ca-explained = Das ACME-Konto (und damit die CA), von dem die Zertifikate kommen, und das Profil der CA, wenn sie mehrere anbietet.
issuer-account = ACME-Konto
issuer-profile = Profil
issuer-profile-default = Vorgabe der CA
issuer-profiles-reading = Profile der CA werden gelesen…
issuer-no-profiles = Diese CA bietet keine Profile an.
issuer-challenge-explained = Wie der Knoten der CA beweist, dass ihm seine Namen gehören:
issuer-challenge-dns01 = DNS-01 per RFC-2136-Update (einer CNAME-Delegation von _acme-challenge wird gefolgt)
issuer-challenge-manual = DNS-01 von Hand: certdeck zeigt den TXT-Eintrag und wartet darauf
issuer-challenge-listen = HTTP-01, beantwortet von diesem Computer (Port 80 muss ihn erreichen)
issuer-challenge-webroot = HTTP-01 über den Treiber des Knotens, in sein Web-Root
issuer-dns-server = DNS-Server
issuer-dns01-hint = Der Eintrag wird angelegt, auf den autoritativen Servern der Zone geprüft und danach entfernt, auch wenn die Bestellung scheitert.
issuer-check-servers = Zu prüfende autoritative Server (Host:Port, durch Kommas getrennt)
issuer-listen = Lauschen auf (Adresse:Port)
issuer-listen-hint = Die CA verbindet sich mit Port 80 jedes Namens: leiten Sie ihn an diese Adresse weiter.
issuer-webroot = Web-Root des Knotens (absoluter Pfad auf dem Knoten)
issuer-key = Schlüssel
issuer-key-new = Für jedes Zertifikat ein neuer { $kind }-Schlüssel
issuer-key-keep = Schlüssel des aktuellen Zertifikats behalten
issuer-key-csr = Der eigene Antrag des Geräts (hier wird kein Schlüssel gehalten)
issuer-request = Der Zertifikatsantrag des Geräts
issuer-window = Wartungsfenster (Tage und Stunden, Ortszeit)
issuer-window-any = jederzeit
issuer-window-means = Verteilt wird { $window }; Zertifikate werden früher geholt und warten darauf.
issuer-renew-at = Erneuern nach diesem Teil der Laufzeit (%)
issuer-renew-at-hint = Gilt, wenn die CA kein Erneuerungsfenster (ARI) nennt. 67 % erneuert ein 90-Tage-Zertifikat nach 60 Tagen.
issuer-review-explained = certdeck wird bestellen, nachweisen, abschließen, importieren (der Schlüssel im Tresor versiegelt), über den Treiber des Knotens verteilen und über TLS prüfen – jetzt, wenn Sie es wünschen, und erneut vor jedem Ablauf.
issuer-back = Zurück
issuer-next = Weiter
issuer-save = Speichern
issuer-get-now = Speichern und Zertifikat holen
issuer-missing-node = Wählen Sie einen Knoten.
issuer-missing-account = Wählen Sie ein ACME-Konto oder fügen Sie eines hinzu.
issuer-missing-dns-server = Wählen Sie einen DNS-Server oder fügen Sie einen hinzu.
issuer-missing-check-servers = Geben Sie die zu prüfenden autoritativen Server der Zone an.
issuer-bad-listen = { $listen } ist keine Adresse:Port zum Lauschen.
issuer-bad-webroot = Das Web-Root ist ein absoluter Pfad auf dem Knoten (beginnt mit /).
issuer-missing-request = Wählen Sie den Zertifikatsantrag des Geräts (importieren Sie ihn zuerst).
issuer-bad-renew-at = Der Teil der Laufzeit ist ein Prozentsatz zwischen 5 und 95.
renewals-schedule-on = Unbeaufsichtigt: Der Zeitplaner des Systems führt stündlich certdeck renew --due für dieses Inventar aus.
renewals-schedule-off = Nicht unbeaufsichtigt: Solange certdeck geschlossen ist, wird nichts erneuert. Installieren Sie den stündlichen Eintrag des Zeitplaners, damit selbständig erneuert wird.
renewals-schedule-unknown = Zeitplaner des Systems wird gefragt…
renewals-schedule-install = Unbeaufsichtigt erneuern
renewals-schedule-remove = Unbeaufsichtigte Erneuerung beenden
renewals-schedule-installed = Der Zeitplaner des Systems führt jetzt stündlich certdeck renew --due aus
renewals-schedule-removed = Der Eintrag des Zeitplaners ist entfernt: Solange certdeck geschlossen ist, wird nichts erneuert
renewals-schedule-failed = Der Eintrag des Zeitplaners kann nicht geändert werden: { $reason }
renewals-schedule-no-cli = Die Kommandozeile certdeck ist nicht neben diesem Programm installiert ({ $path })
renewals-deactivating = Konto { $name } wird bei seiner CA deaktiviert…
renewals-removing = Wird entfernt…
renewals-step-rehearsing = Die Bestellung wird zuerst bei { $account } geprobt
renewals-step-rehearsed = Die Probe bei { $account } ist gelungen; jetzt die eigene CA des Knotens
issuer-rehearse = Proben bei (Staging-Konto)
issuer-rehearse-none = Keine Probe
issuer-rehearse-hint = Eine neue oder geänderte Einrichtung wird zuerst einmal beim Staging-Konto bestellt (das Zertifikat wird verworfen); die CA des Knotens wird erst gefragt, wenn das gelingt, so kostet ein Fehler nie ihre Limits.
issuer-rehearse-same = Das Probekonto muss ein anderes Konto sein (das einer Staging-CA).
status-revoked = Widerrufen
alarm-revoked = { $name } wurde von seiner CA widerrufen
reason-revoked = Seine CA hat es widerrufen: { $detail }
revocation-check = Widerruf prüfen
revocation-checking = Widerruf wird geprüft: { $done } von { $total }
revocation-cancelling = Widerrufsprüfung wird beendet…
revocation-found = { $name } ist seit { $date } widerrufen ({ $source })
revocation-unreachable = Widerrufsstatus nicht ermittelt: { $detail }
revocation-done = Widerruf geprüft: { $checked } Zertifikate, { $revoked } widerrufen, { $unknown } ohne bekannten Status (keine aktuelle CRL, keine OCSP-Antwort)
policy-title = Urteil nach einer Richtlinie
policy-web = Web-Richtlinie (Baseline Requirements des CA/Browser Forum auf RFC 5280)
policy-private = private Richtlinie (RFC 5280, interne PKI)
policy-acceptable = Annehmbar
policy-not-acceptable = Nicht annehmbar
policy-link = Glied { $position }: { $subject }
rule-serial-positive = Die Seriennummer muss eine positive ganze Zahl sein
rule-serial-length = Die Seriennummer ist länger als 20 Oktette
rule-aki-present = Kein Authority Key Identifier
rule-aki-not-critical = Der Authority Key Identifier ist kritisch markiert
rule-ski-present = Ein CA-Zertifikat ohne Subject Key Identifier
rule-ski-not-critical = Der Subject Key Identifier ist kritisch markiert
rule-ca-subject = Ein CA-Zertifikat mit leerem Subject
rule-keycertsign-needs-ca = keyCertSign ist gesetzt, aber das Zertifikat ist keine CA
rule-san-critical-without-subject = Das Subject ist leer, aber die alternativen Namen sind nicht kritisch
rule-dns-name-syntax = Ein DNS-Name außerhalb der bevorzugten Namenssyntax (etwa mit Unterstrich)
rule-anchor-basic-constraints = Der vertrauenswürdigen CA fehlen kritische Basic Constraints, die sie zur CA machen
rule-ca-keycertsign = Die Schlüsselverwendung der CA erlaubt kein Signieren von Zertifikaten
rule-critical-extensions-known = Die vertrauenswürdige CA hat eine kritische Erweiterung, die certdeck nicht kennt
rule-anchor-valid = Die vertrauenswürdige CA ist außerhalb ihrer Gültigkeit
rule-name-constraints-in-ca = Namensbeschränkungen in einem Endzertifikat
rule-name-constraints-critical = Namensbeschränkungen nicht kritisch markiert
rule-name-constraints-syntax = Leere oder fehlerhafte Namensbeschränkungen
rule-policy-constraints-critical = Policy Constraints nicht kritisch markiert
rule-crl-number = Eine CRL ohne korrekte CRL-Nummer
rule-crl-signer = Eine CRL, signiert von einer CA, die keine CRLs signieren darf
rule-max-chain-depth = Mehr Zwischenzertifikate als erlaubt
rule-aia-syntax = Leere oder fehlerhafte Authority Information Access
rule-eku-present = Keine erweiterte Schlüsselverwendung
rule-eku-not-critical = Die erweiterte Schlüsselverwendung ist kritisch markiert
rule-eku-not-any = Die erweiterte Schlüsselverwendung enthält anyExtendedKeyUsage
rule-root-without-eku = Eine Stamm-CA mit erweiterter Schlüsselverwendung
rule-key-strength = Ein Schlüssel, den die Baseline Requirements verbieten (RSA unter 2048 Bit oder kein Vielfaches von 8, DSA, P-192)
rule-san-not-critical = Die alternativen Namen sind kritisch, obwohl das Subject nicht leer ist
rule-wildcard-not-public-suffix = Ein Platzhalter über einem öffentlichen Suffix
rule-common-name-in-san = Der Common Name ist nicht wörtlich einer der alternativen Namen
rule-root-aki = Der Authority Key Identifier der Stamm-CA ist nicht nur ihr eigener Schlüsselbezeichner
node-policy = Beurteilt nach
node-policy-auto = Nach ihrer Stamm-CA
node-policy-web = Web (Baseline Requirements)
node-policy-private = Privat (RFC 5280)
column-revocation = Widerruf
revocation-not-revoked = OK

## Übersicht (Startseite)
nav-overview = Übersicht
overview-title = Übersicht
overview-certificates = { $count } Zertifikate
overview-expiring-title = Ablauf
overview-weeks = Nächste 13 Wochen
overview-months = Nächste 12 Monate
overview-by-kind = Nach Art
overview-by-node-role = Nach Knotenrolle
overview-expired = { $count } bereits abgelaufen
overview-unassigned = Auf keinem Knoten
overview-nodes-title = Knoten
overview-no-nodes = Noch keine Knoten: unter „Knoten“ hinzufügen.
overview-days-left = noch { $days } Tage
overview-renewals-title = Nächste Erneuerungen
overview-no-renewals = Noch erneuert sich kein Zertifikat selbst (Erneuerungen).
overview-renewal-failing = letzter Lauf fehlgeschlagen
health-no-certificate = Kein Zertifikat
health-failing = Fehlerhaft
health-drift = Liefert ein anderes Zertifikat
health-expiring = Läuft bald ab
health-unverified = Noch nicht geprüft
health-verified = Geprüft
narrowed-expiring = Ablauf vom { $from } bis { $to }
narrowed-status = Status: { $status }
narrowed-clear = Alle zeigen

## Erkennung
nav-discovery = Erkennung
discovery-title = Erkennung
discovery-explained = TLS-Endpunkte auf Hosts, Namen und Adressbereichen (bis /16) finden: TLS ab dem ersten Byte und STARTTLS auf Mail-, Verzeichnis- und Chat-Ports. Was jeder liefert, wird behalten; „Alarme“ vergleicht es mit dem Zugewiesenen.
discovery-targets-placeholder = Hosts, Namen, Bereiche: 192.0.2.0/24 pbx.example.com
discovery-ports-placeholder = Ports: 443,8443,smtp:2525
discovery-scan = Scannen
discovery-cancel = Abbrechen
discovery-no-targets = Geben Sie die zu scannenden Hosts, Namen oder Bereiche ein.
discovery-too-wide = Die Ziele umfassen { $count } Adressen; ein Scan umfasst höchstens ein /16 (65.536) auf einmal.
discovery-confirm = Dieser Scan umfasst { $count } Adressen. Alle scannen?
discovery-confirm-yes = Alle scannen
discovery-progress = { $done } von { $total } geprüft, { $served } mit TLS
discovery-finished = { $answered } Endpunkte haben geantwortet; { $new } neu, { $silent } bekannt, aber stumm.
discovery-cancelled = (Abgebrochen: der Rest wurde nicht geprüft.)
discovery-endpoints = Gefundene Endpunkte: { $count }
discovery-none = Noch kein Endpunkt gefunden: scannen Sie oben einen Host oder Bereich.
discovery-column-endpoint = Endpunkt
discovery-column-protocol = Protokoll
discovery-column-state = Zustand
discovery-column-serves = Liefert
discovery-column-seen = Zuletzt gesehen
discovery-unmanaged = { $subject } (nicht im Bestand)
discovery-adopt = Übernehmen…
discovery-adopt-save = Knoten anlegen
discovery-node-name = Knotenname
discovery-bad-target = „{ $target }“ ist weder Hostname noch Adresse noch Bereich (CIDR).
discovery-bad-ports = Die Ports „{ $ports }“ sind unverständlich: schreiben Sie sie als 443,8443,8000-8010,smtp:2525.
discovery-state-legacy = Nur altes TLS
discovery-state-gone = Antwortet nicht mehr
discovery-state-silent = Stumm
discovery-state-starttls = STARTTLS abgelehnt
discovery-state-failed = Handshake gescheitert
overview-pushes-title = Letzte Übertragungen
overview-no-pushes = Noch nichts übertragen.
push-busy = { $who } verteilt seit { $since } auf diesen Knoten: versuchen Sie es erneut, wenn das abgeschlossen ist
push-busy-unknown = Ein anderes Mitglied verteilt gerade auf diesen Knoten: versuchen Sie es später erneut

## Settings → Unattended renewal (certdeck doctor)
doctor-title = Unbeaufsichtigte Erneuerung
doctor-explained = Ob dieser Rechner selbstständig erneuert und verteilt: der Tresor, der Planer und sein letzter Lauf, Knoten-Geheimnisse, DNS-Schlüssel (geprüft mit einer signierten Aktualisierung, die nichts ändert), ACME-Konten (bei der CA erfragt) und die Benachrichtigungskanäle. Dieselben Prüfungen wie certdeck doctor.
doctor-check = Jetzt prüfen
doctor-checking = Prüfe: frage DNS-Server und CAs…
doctor-cancel = Abbrechen
doctor-all-good = Dieser Rechner kann unbeaufsichtigt erneuern.
doctor-warnings = Er kann unbeaufsichtigt erneuern; einiges sollte man ansehen.
doctor-will-fail = Unbeaufsichtigte Erneuerung schlägt hier fehl: siehe die fehlgeschlagenen Prüfungen.
doctor-ok = ok
doctor-warn = ansehen
doctor-fail = Fehler
doctor-name-vault = Schlüsseltresor
doctor-name-scheduler = Planer
doctor-name-last-pass = Letzter Lauf
doctor-name-node-secrets = Knoten-Geheimnisse
doctor-name-node-pins = Knoten-Identität
doctor-name-dns-keys = DNS-Schlüssel
doctor-name-dns-server = DNS-Server
doctor-name-acme-accounts = ACME-Konten
doctor-name-acme-ca = ACME-CA
doctor-name-notifications = Benachrichtigungen
doctor-channels = Benachrichtigungskanäle
doctor-no-channels = Kein Kanal: ein nächtlicher Fehler erreicht niemanden. Einen mit certdeck notify add hinzufügen (Mail oder Webhook).
doctor-test = Test senden
doctor-remove = Entfernen
doctor-test-delivered = { $channel }: der Test wurde zugestellt.
doctor-test-failed = { $channel }: der Test wurde nicht zugestellt: { $reason }
doctor-no-channel = Diesen Kanal gibt es nicht mehr.
doctor-removed = Kanal { $channel } entfernt.
doctor-secrets = Wo die Geheimnisse liegen
doctor-no-secrets = Keine Geheimnisse gespeichert.
doctor-in-keychain = im Schlüsselbund
doctor-in-vault = vom Tresor versiegelt
doctor-remove-ask = Kanal { $channel } entfernen? Fehler erreichen ihn dann nicht mehr.
doctor-remove-yes = Entfernen
doctor-remove-no = Behalten
doctor-approve-explained = Ein Teammitglied hat dies im gemeinsamen Bestand eingestellt. Der unbeaufsichtigte Lauf würde es auf diesem Rechner ausführen oder schreiben, als das erneuernde Konto, und verweigert es, bis es hier genehmigt ist. Lesen Sie es und genehmigen Sie nur, was Sie erkennen.
doctor-approved = { $count } Einstellung(en) auf diesem Rechner genehmigt.
