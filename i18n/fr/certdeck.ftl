# certdeck — Français

app-title = certdeck
app-subtitle = Certificats, clés et chaînes de confiance

# Barre d'outils
import-files = Importer des fichiers…
import-path-placeholder = Chemin d'un certificat, d'une clé, d'un fichier PKCS#7 ou PKCS#12
import-path-open = Ouvrir
import-dialog-open = Fermez d’abord la boîte de dialogue ouverte pour importer ces fichiers.
paste-pem = Coller du PEM
paste-pem-placeholder = Collez ici du texte PEM (certificats, clés, demandes…)
paste-pem-import = Décoder le texte collé
paste-pem-cancel = Fermer
clear-all = Effacer
password-placeholder = Mot de passe des fichiers PKCS#12 et des clés chiffrées
password-retry = Réessayer avec le mot de passe
no-file-dialog = Ce bureau ne propose pas de boîte de dialogue de fichiers : saisissez le chemin ci-dessous.

# État vide et dépôt
empty-title = Déposez des fichiers de certificats n'importe où dans cette fenêtre
empty-hint = PEM, DER, PKCS#7 (.p7b), PKCS#12 (.pfx/.p12), clés, CSR, CRL et paramètres DH/EC. Le format est reconnu d'après le contenu.
drop-to-import = Déposer pour importer
working = { $count ->
    [one] Lecture d'un fichier…
   *[other] Lecture de { $count } fichiers…
}

# Liste
column-name = Nom
column-status = État
column-expires = Expire le
column-days-left = Jours restants
column-issuer = Émetteur
column-nodes = Nœuds
column-key = Clé
objects-count = { $count ->
    [one] un objet
   *[other] { $count } objets
}
errors-count = { $count ->
    [one] un problème
   *[other] { $count } problèmes
}

# Types
kind-certificate = Certificat
kind-private-key = Clé privée
kind-csr = Demande de signature
kind-crl = Liste de révocation
kind-tls-parameters = Paramètres TLS
kind-public-key = Clé publique

# États (mots des pastilles)
status-good = Bon
status-temporary = Temporaire
status-weak-signature = Signature faible
status-empty-subject = Sujet vide
status-expiring = { $days ->
    [one] 1 jour restant
   *[other] { $days } jours restants
}
status-expired = Expiré
status-not-yet-valid = Pas encore valide
status-weak-key = Clé faible
status-no-san = Sans SAN
status-wildcard = Générique
status-ca = AC
status-incomplete-chain = Chaîne incomplète
status-key-missing = Clé manquante

# Panneau de détails
detail-none = Sélectionnez un objet pour voir ses détails.
detail-statuses = État
detail-subject = Sujet
detail-issuer = Émetteur
detail-serial = Numéro de série
detail-valid-from = Valide à partir du
detail-valid-until = Valide jusqu'au
detail-key = Clé
detail-signature = Signature
detail-sha1 = SHA-1
detail-sha256 = SHA-256
detail-private-key = Clé privée
detail-private-key-present = Trouvée dans la même importation
detail-private-key-absent = Non importée
detail-extensions = Extensions
detail-critical = critique
detail-chain = Chaîne de confiance
detail-chain-trusted = Aboutit à la racine de confiance { $name }
detail-chain-untrusted-root = Aboutit à la racine { $name }, qui n'est pas approuvée
detail-chain-missing = L'émetteur { $name } est absent
detail-chain-too-long = Le chemin est trop long
detail-pem = PEM
detail-file = Fichier
detail-protection = Protection
detail-request-signature = Signature de la demande
detail-request-signature-ok = Vérifiée avec la clé de la demande
detail-request-signature-bad = Ne se vérifie pas
detail-san = Noms alternatifs
detail-this-update = Cette mise à jour
detail-next-update = Prochaine mise à jour
detail-revoked = Certificats révoqués
detail-parameters = Paramètres

# Navigation et inventaire
nav-inventory = Tous les certificats
nav-inspect = Examiner des fichiers
filter-placeholder = Filtrer par nom, émetteur, SAN, numéro de série ou empreinte
inventory-loading = Ouverture de l'inventaire…
inventory-empty = L'inventaire est vide. Déposez des fichiers de certificats ici ou choisissez « Importer des fichiers… ».
inventory-error = L'inventaire n'a pas pu être ouvert : { $reason }
import-done = { $added } ajoutés, { $updated } mis à jour, { $unchanged } inchangés, { $errors } problèmes
alarms-count = { $count ->
    [0] Aucune alarme
    [one] Une alarme
   *[other] { $count } alarmes
}
column-role = Type
role-server = Serveur (avec clé)
role-leaf = Certificat
role-intermediate = AC intermédiaire
role-root = AC racine
detail-nodes = Nœuds

# Les certificats que montre la liste.
show-all = Tous les certificats
show-attention = À traiter
show-expired = Expirés
show-expiring = Expirent bientôt
show-with-key = Avec clé privée
show-authorities = Autorités de certification

# Paramètres
nav-settings = Paramètres
settings-title = Paramètres
settings-language = Langue
settings-language-system = Comme le système
settings-theme = Thème
theme-system = Comme le système
theme-light = Clair
theme-dark = Sombre
settings-warning-days = Avertir ce nombre de jours avant l'expiration d'un certificat
settings-warning-days-invalid = Saisissez un nombre de jours entre 1 et 3650.
settings-data-dir = Dossier de données (l'inventaire et son coffre de clés)
settings-team = Base de l’équipe
settings-team-placeholder = postgres://you@db.example.com/certdeck?sslmode=require
settings-team-explained = La base PostgreSQL partagée d’une équipe (certdeck team init) : chaque déploiement y prend d’abord le verrou du nœud et inscrit son résultat dans le journal d’audit de l’équipe. Vide : pas d’équipe.
settings-team-invalid = Ce n’est pas une adresse PostgreSQL : { $reason }
shared-watch-lost = Les modifications des autres membres n'arrivent plus ({ $reason }) : nouvel essai dans une demi-minute ; rechargez à la main d'ici là.
shared-title = Inventaire partagé
shared-uses-own = Ce dossier de données utilise son propre inventaire (un fichier sur cet ordinateur).
shared-uses-team = Ce dossier de données utilise l'inventaire partagé de l'équipe à { $url }.
shared-use = Utiliser l'inventaire de l'équipe
shared-copy-up = Copier cet inventaire vers l'équipe
shared-create = Y créer une équipe
shared-leave = Revenir à l'inventaire propre du dossier
shared-copy-down = Copier celui de l'équipe ici
shared-needs-team = Indiquez la base de l'équipe ci-dessus (et enregistrez) pour partager un inventaire.
shared-explained = Utiliser l'inventaire de l'équipe ne copie rien (un membre qui arrive). Copier vers l'équipe met tout ce qui est ici dans l'inventaire vide de l'équipe ; copier ici amène celui de l'équipe dans l'inventaire vide de ce dossier. Les deux comparent chaque objet avant de basculer ; l'original reste tel quel.
shared-starting = Démarrage…
shared-copying = { $table } copiée ({ $rows } lignes)…
shared-cancel = Annuler
shared-no-folder = Aucun dossier de données sur ce système.
shared-now-team = Ce dossier utilise maintenant l'inventaire de l'équipe.
shared-now-own = Ce dossier utilise de nouveau son propre inventaire.
shared-copied = { $rows } lignes copiées et comparées ; ce dossier utilise maintenant la copie.
shared-created = Équipe créée ; { $me } en est le premier admin. Copiez cet inventaire vers l'équipe, ou utilisez le sien.
settings-choose = Choisir…
settings-default = Par défaut
settings-keychain = Trousseau
settings-keychain-checking = Vérification…
settings-keychain-ok = Utilisé : { $name }
settings-keychain-none = Indisponible ({ $reason }). Le coffre de clés demande une phrase secrète : définissez CERTDECK_VAULT_PASSPHRASE.
settings-renderer = Rendu
settings-renderer-asked = { $name }, comme le demande ICED_BACKEND
settings-renderer-gpu = wgpu sur { $name }
settings-renderer-software = tiny-skia : pas de GPU ici ({ $names } dessine en logiciel, et tiny-skia le fait avec moins de mémoire)
settings-renderer-none = tiny-skia : aucun adaptateur graphique trouvé
settings-file = Fichier de paramètres
settings-no-file = Ce système n'a pas de dossier de configuration : les paramètres ne peuvent pas être enregistrés.
settings-save = Enregistrer
settings-revert = Annuler les modifications
settings-saved = Enregistré dans { $path }.

# Noms des langues, chacun dans sa langue.
language-de = Deutsch
language-en = English
language-es = Español
language-fr = Français
language-ja = 日本語

# Pourquoi un certificat a un état (panneau de détails)
reason-expired = Expiré le { $date } (il y a { $days ->
    [one] 1 jour
   *[other] { $days } jours
}).
reason-not-yet-valid = Pas valide avant le { $date }.
reason-expiring = { $days ->
    [one] 1 jour restant
   *[other] { $days } jours restants
} : expire le { $date }.
reason-weak-signature = Signé avec { $algorithm } : remplacez-le par un certificat signé en SHA-2.
reason-weak-key = { $key } est trop faible : RSA demande au moins 2048 bits, EC au moins 256.
reason-incomplete-chain = Aucun chemin vers une racine de confiance : l'émetteur { $name } est absent.
reason-incomplete-chain-untrusted = Aucun chemin vers une racine de confiance : { $name } n'est pas approuvé.
reason-key-missing = La clé privée de ce certificat de serveur est absente.
reason-temporary = Autosigné : les clients ne lui feront pas confiance tant qu'il n'est pas remplacé par un certificat signé par une AC.
reason-empty-subject = Le sujet est vide ; le certificat n'est nommé que par ses noms alternatifs.
reason-no-san = Aucun nom alternatif du sujet : les navigateurs et la plupart des clients TLS ignorent le nom commun.
reason-wildcard = Nom générique { $name } : SIP sur TLS n'accepte pas les noms génériques (RFC 5922).
reason-ca = Autorité de certification.
reason-ca-path-length = Autorité de certification (au plus { $limit } AC intermédiaires en dessous).

# Supprimer un certificat
detail-delete = Supprimer…
delete-title = Supprimer { $name } ?
delete-warning = Sa clé privée et ses affectations aux nœuds sont supprimées avec lui. Les fichiers déjà envoyés aux nœuds y restent. Cette action est irréversible.
delete-confirm = Supprimer
delete-cancel = Annuler
deleted = { $name } a été supprimé.

# Les vérifications de chaque maillon de la chaîne de confiance
check-builtin-anchor = Racine Mozilla intégrée (nom et clé seulement)
check-issuer-not-found = Émetteur { $name } introuvable
check-issuer-not-found-key-id = Émetteur { $name } (identifiant de clé { $key_id }) introuvable
check-valid-until = Valide jusqu'au { $date }
check-not-valid-before = Pas valide avant le { $date }
check-expired-on = Expiré le { $date }
check-self-signed = Autosigné : la signature se vérifie avec sa propre clé
check-issuer-name = Le nom de l'émetteur correspond à { $name }
check-issuer-name-builtin = Le nom de l'émetteur correspond à une racine intégrée
check-key-id-matches = L'identifiant de clé d'autorité correspond : { $key_id }
check-key-id-differs = L'identifiant de clé d'autorité { $key_id } diffère de celui de l'émetteur { $issuer_key_id }
check-no-key-ids = Aucun identifiant de clé à comparer
check-signature-issuer = Signature { $algorithm } vérifiée avec la clé de l'émetteur
check-signature-root = Signature { $algorithm } vérifiée avec la clé de la racine
check-signature-fails-issuer = La signature ne se vérifie pas avec la clé de l'émetteur
check-signature-fails-root = La signature ne se vérifie pas avec la clé de la racine
check-issuer-is-ca = L'émetteur est une AC
check-issuer-not-ca = L'émetteur n'est pas une AC (basicConstraints CA:FALSE ou absent)
check-issuer-may-sign = L'émetteur peut signer des certificats
check-issuer-lacks-cert-sign = L'usage de clé de l'émetteur ne comprend pas keyCertSign
check-path-length-exceeded = { $below } AC intermédiaires sous un émetteur qui en autorise { $limit }
check-path-length-ok = { $below } AC intermédiaires en dessous, { $limit } autorisées
check-no-path-length = L'émetteur ne limite pas la longueur du chemin

# Exporter un certificat
detail-export = Exporter…
export-title = Exporter
export-title-name = Exporter { $name }
export-what = Quoi
export-what-certificate = Le certificat seul
export-what-chain = Le certificat avec sa chaîne
export-what-key = Le certificat, sa chaîne et sa clé privée
export-format = Format
export-format-pem = PEM (.pem) — texte, la plupart des appliances
export-format-der = DER (.der, .cer) — un certificat binaire
export-format-p7b = PKCS#7 (.p7b) — certificats, sans clé
export-format-pfx-modern = PKCS#12 (.pfx), moderne — AES, OpenSSL 3 et Windows 10+
export-format-pfx-compatible = PKCS#12 (.pfx), compatible — 3DES, anciennes appliances et Java
export-passphrase = Phrase secrète
export-passphrase-hint = Protège la clé privée ou le fichier PKCS#12
export-plain-key = Écrire la clé privée en clair (quiconque obtient le fichier peut l'utiliser)
export-key-needs-pem-or-pfx = Les fichiers DER et PKCS#7 ne peuvent pas contenir de clé privée : choisissez PEM ou PKCS#12.
export-der-one-certificate = Un fichier DER contient un seul certificat : choisissez PEM ou PKCS#7 pour la chaîne.
export-pfx-needs-passphrase = Saisissez une phrase secrète pour le fichier PKCS#12.
export-plain-key-unconfirmed = Saisissez une phrase secrète pour la clé privée, ou confirmez qu'elle peut être écrite en clair.
export-save = Enregistrer…
export-no-dialog = Aucune boîte d'enregistrement n'est disponible (ou elle a été fermée) : modifiez le chemin et enregistrez ici.
export-save-here = Enregistrer ici
exported = { $path } enregistré.

# Alarmes
nav-alarms = Alarmes
alarms-title = Alarmes
alarms-explained = Nœuds sans certificat, certificats expirés ou expirant dans les { $days } jours, et chaînes qui n'aboutissent pas à une racine de confiance. Cliquez sur une alarme pour voir son certificat.
alarms-none = Rien ne demande votre attention.
alarm-kind-node = Sans certificat
alarm-kind-expiring = Expire bientôt
alarm-node-without-certificate = Le nœud { $node } n'a pas de certificat de serveur.
alarm-expired = { $name } a expiré le { $date }.
alarm-expiring = { $name } expire dans { $days ->
    [one] 1 jour
   *[other] { $days } jours
} ({ $date }).
alarm-incomplete-chain = { $name } : la chaîne n'aboutit pas à une racine de confiance : { $reason }.
alarm-kind-drift = Écart
alarm-kind-unmanaged = Non géré
alarm-kind-vanished = Disparu
alarm-kind-weak-wire = Faible sur le réseau
alarm-drift = { $endpoint } sert un autre certificat que celui attribué au nœud { $node }.
alarm-unmanaged-expiring = { $endpoint } sert un certificat absent de l'inventaire qui expire dans le délai d'alarme (ou a expiré).
alarm-vanished = { $endpoint } servait un certificat et ne répond plus.
alarm-weak-on-wire = { $endpoint } ne parle que TLS 1.0/1.1, ou sert une signature SHA-1 ou une clé faible.

# AC de confiance
nav-trusted = AC de confiance
trusted-title = AC de confiance
trusted-explained = Les chaînes doivent aboutir à l'une d'elles. La liste de confiance de chaque nœud, envoyée avec son certificat, est choisie parmi elles (certdeck node trust).
trusted-custom = { $count ->
    [0] Vos AC
   *[other] Vos AC ({ $count })
}
trusted-none = Aucune pour l'instant : importez un certificat d'AC racine ou intermédiaire et choisissez « Faire confiance à cette AC ».
trusted-expires = expire le { $date }
trusted-remove = Ne plus faire confiance
trusted-add = Faire confiance à cette AC
trusted-builtin = Racines Mozilla intégrées ({ $count })

# Par nœud
nav-nodes = Par nœud
nodes-title = Par nœud
nodes-explained = Chaque nœud avec le certificat de serveur qu'il doit présenter, sa liste de confiance et le résultat du dernier envoi ou de la dernière sonde. Choisissez un certificat pour l'affecter (il remplace le précédent).
nodes-none = Aucun nœud pour l'instant. Ajoutez-en un avec Ajouter un nœud…
nodes-no-certificate = Sans certificat
nodes-assign = Affecter un certificat…
nodes-alarms = { $count ->
    [0] Aucune alarme
    [one] Une alarme
   *[other] { $count } alarmes
}
nodes-trust = Fait confiance à : { $names }
nodes-trust-none = Liste de confiance : aucune envoyée (définissez-la avec Modifier…)
nodes-last-result = Dernier résultat : { $result }
nodes-driver-folder = Dossier prêt à copier
nodes-driver-none = Pas encore joignable pour les envois (configurez-le avec Modifier…)

# Demandes de signature
nav-requests = Demandes
requests-title = Demandes de signature
requests-explained = Demandes faites ici (Nouvelle demande…, Renouveler… sur un certificat) ou avec certdeck csr. Importez le certificat que votre AC renvoie : il complète sa demande et est associé à la clé conservée depuis.
requests-pending = { $count ->
    [0] Aucune n'attend d'AC.
    [one] Une attend son AC.
   *[other] { $count } attendent leur AC.
}
requests-none = Aucune demande pour l'instant. Créez-en une avec Nouvelle demande…, ou renouvelez un certificat depuis son détail.
requests-waiting = En attente de l'AC
requests-completed = Complétée
requests-key-kept = clé privée conservée dans le coffre
requests-usage-server = serveur TLS
requests-usage-client = client TLS
requests-usage-both = serveur et client

## Signing-request wizard

csr-new = Nouvelle demande…
detail-renew = Renouveler…
csr-title-new = Nouvelle demande de signature
csr-title-renew = Renouveler { $name }
csr-key = Clé
csr-key-keep = Garder la clé actuelle
csr-key-rsa2048 = RSA 2048
csr-key-rsa3072 = RSA 3072
csr-key-rsa4096 = RSA 4096
csr-key-p256 = ECDSA P-256
csr-key-p384 = ECDSA P-384
csr-key-ed25519 = Ed25519
csr-usage = Utilisé pour
csr-node = Pour le nœud
csr-node-none = Aucun nœud
csr-subject = Sujet
csr-common-name = Nom commun (CN)
csr-organization = Organisation (O)
csr-unit = Unité d'organisation (OU)
csr-locality = Ville (L)
csr-state = Région ou province (ST)
csr-country = Pays (C)
csr-email = Adresse e-mail
csr-names = Noms alternatifs du sujet
csr-names-hint = conf1.example.com, 192.0.2.10 ou sip:conf@example.com
csr-add-name = Ajouter
csr-remove-name = Retirer
csr-cn-in-san = Ajouter le nom commun aux noms (les navigateurs ignorent le CN)
csr-checks = Vérifications avant l'envoi
csr-checks-clean = Rien à signaler.
csr-create = Faire la demande
csr-working = Création de la clé et de la demande…
csr-bad-name = { $name } n'est ni un nom d'hôte, ni une adresse IP, ni une adresse e-mail, ni un URI.
csr-bad-country = Le pays { $country } doit tenir en deux lettres majuscules (ISO 3166), comme NO ou DE.
csr-field-too-long = { $value } dépasse les 64 caractères qu'un champ du sujet peut contenir.
csr-made = Demande faite pour { $name }. Envoyez-la à votre AC ; importez le certificat qu'elle renvoie et il sera associé à la clé conservée ici.
csr-made-key = Clé : { $key }, conservée dans le coffre
csr-copy = Copier
csr-copied = Copié dans le presse-papiers.
csr-save = Enregistrer sous…
csr-saved = Demande enregistrée dans { $path }
csr-close = Fermer
lint-error = Bloque la demande
lint-warning = Avertissement
lint-no-san = Aucun nom alternatif du sujet : les navigateurs et la plupart des clients TLS refuseront le certificat.
lint-empty-subject = Le sujet est vide : certains équipements ne peuvent ni afficher ni importer de tels certificats.
lint-wildcard-sip = { $names } : SIP sur TLS n'accepte pas les jokers (RFC 5922), et { $node } est un nœud SIP.
lint-name-not-covered = La demande ne couvre pas { $name }, un nom du nœud { $node }.
lint-wildcard = { $names } : les jokers ne sont pas acceptés pour SIP sur TLS (RFC 5922).
lint-weak-key = { $key } est trop faible : utilisez RSA 2048 ou plus, ou P-256.
lint-ed25519 = Beaucoup d'équipements et d'AC publiques n'acceptent pas encore les clés Ed25519 : préférez RSA ou P-256.

## Node form

node-add = Ajouter un nœud…
node-edit = Modifier…
node-title-add = Ajouter un nœud
node-title-edit = Modifier { $name }
node-name = Nom
node-fqdn = FQDN
node-alt-names = Noms alternatifs (séparés par des virgules)
node-role = Certificat utilisé pour
node-sip = Termine SIP sur TLS (les certificats à joker lui sont refusés)
node-endpoints = Points d'accès TLS à vérifier après un envoi (hôte:port, séparés par des virgules ; SIP TLS est 5061)
node-driver = Comment les certificats lui parviennent
node-driver-none = Pas d'envoi par certdeck
node-driver-folder = Kit dans un dossier
node-driver-ssh = SSH/SFTP
node-driver-https = Envoi HTTPS (WebDAV ou formulaire web)
node-driver-pexip = API de gestion Pexip Infinity
node-driver-none-explained = certdeck suit le certificat et les alarmes du nœud ; vous installez les fichiers vous-même (Exporter).
node-folder = Dossier où écrire le kit
node-reload-local = Commande à lancer ici après l'écriture (facultatif)
node-host = Hôte (par défaut : le FQDN)
node-port = Port
node-user = Utilisateur
node-certificate-path = Fichier du certificat sur le nœud (avec sa chaîne)
node-key-path = Fichier de la clé privée sur le nœud (facultatif)
node-ca-path = Fichier des AC de confiance sur le nœud (facultatif)
node-reload-remote = Commande à lancer ensuite sur le nœud (facultatif)
node-password = Mot de passe
node-ssh-key = Fichier de clé privée OpenSSH (facultatif)
node-secrets-explained = Les mots de passe et les clés vont dans le trousseau du système, jamais dans l'inventaire. Laissez vide pour garder ce qui est enregistré.
node-url = URL d'envoi (un dossier WebDAV terminé par / ou l'adresse du formulaire)
node-upload = Envoyer par
node-upload-webdav = WebDAV (PUT)
node-upload-form = Formulaire web (multipart)
node-auth = Authentification
node-form-field = Champ du formulaire pour le fichier
node-pexip-url = URL du Management Node
node-pexip-name = Nom du nœud dans Pexip Infinity (par défaut : ce nom)
node-connection = Connexion
node-test = Tester la connexion
node-testing = Connexion…
node-host-key = Clé d'hôte SSH : { $fingerprint }
node-tls-certificate = Certificat HTTPS SHA-256 : { $fingerprint }
node-check-then-pin = Comparez-la avec celle du nœud (ssh-keygen -lf sur le nœud, ou sa page web), puis épinglez-la : certdeck ne se connecte qu'à ce qui est épinglé.
node-pin = Épingler
node-pinned = Épinglé : certdeck ne se connectera à ce nœud que tant qu'il présente ceci.
node-pinned-earlier = Épinglé : { $fingerprint }
node-logged-in = Connecté en tant que { $user } ; la clé d'hôte est épinglée.
node-trust-title = AC de confiance envoyées au nœud
node-trust-no-cas = L'inventaire ne contient encore aucun certificat d'AC.
node-save = Enregistrer
node-needs-name = Saisissez le nom du nœud.
node-needs-fqdn = Saisissez le FQDN du nœud.
node-needs-path = Saisissez le dossier où écrire.
node-needs-user = Saisissez l'utilisateur de connexion.
node-needs-certificate-path = Indiquez où va le certificat sur le nœud.
node-needs-url = Saisissez l'URL.
node-bad-endpoint = { $endpoint } n'est pas de la forme hôte:port.
node-bad-port = { $port } n'est pas un numéro de port.

## Import review

review-title = Importer dans l'inventaire
review-reading = Lecture des fichiers…
review-summary = Seront : { $added } ajoutés, { $updated } mis à jour, { $unchanged } inchangés ; { $errors } problèmes
review-import = Importer
review-working = En cours…
review-locked = { $file } est protégé par un mot de passe
review-password = Mot de passe du fichier ou de la clé
review-unlock = Ouvrir
review-wrong-password = Ce mot de passe ne l'ouvre pas.
review-added = Ajouté
review-updated = Mis à jour
review-unchanged = Déjà présent
review-skipped = Non conservé
review-error = Problème
review-trusted = vers les AC de confiance
review-paired = associé à sa clé privée
review-replaces = remplace celui enregistré avec le même numéro de série
review-completes = complète la demande de signature n° { $request }
review-pairs-stored = { $count ->
    [one] associée à un certificat enregistré
   *[other] associée à { $count } certificats enregistrés
}

## Push dialog

detail-push = Envoyer…
node-push = Envoyer…
push-title = Envoyer aux nœuds
push-title-certificate = Envoyer { $name }
push-choose = Choisissez les nœuds. Chacun reçoit par son pilote son certificat avec chaîne, clé et paramètres, et sa liste de confiance ; puis ses points d'accès TLS sont sondés.
push-no-nodes = Aucun nœud n'a encore de pilote : configurez-en un avec Modifier… sur l'écran Par nœud.
push-no-certificate = aucun certificat affecté ni liste de confiance : rien à envoyer
push-will-assign = recevra { $name } (à la place de l'actuel)
push-sends = envoie { $name }
push-planning = Préparation…
push-see-plan = Voir le plan
push-plan-explained = Rien n'a encore été envoyé. Voici ce que fera chaque pilote :
push-plan-set-by = Son pilote, son adresse et son épinglage ont été réglés par { $who } le { $when }.
push-approve-title = Pas encore approuvé sur cet ordinateur
push-approve-explained = Un membre de l'équipe a réglé ceci dans l'inventaire partagé. L'envoi l'exécuterait ou l'écrirait sur cet ordinateur, en votre nom. Lisez-le et n'approuvez que ce que vous reconnaissez ; une commande modifiée est redemandée.
push-approve-button = Approuver sur cet ordinateur
approve-kind-reload = commande de rechargement
approve-kind-folder = dossier (la clé privée y est écrite)
approve-kind-scan = analyse enregistrée
approve-kind-file = fichier de cet ordinateur envoyé au nœud
approve-kind-webroot = racine web sur cet ordinateur (les réponses HTTP-01 y sont écrites)
approve-kind-listener = écoute ouverte sur cet ordinateur (HTTP-01)
approve-set-by = réglé par { $who } le { $when }
approve-set-by-unknown = l'auteur du réglage n'est pas enregistré
push-plan-node = { $node } ({ $driver }) : { $subject }
push-run = Envoyer maintenant
push-running = Envoi… Annuler saute les nœuds pas encore commencés ; ceux en cours se terminent et sont vérifiés.
push-cancelling = Annulation : les nœuds pas encore commencés sont sautés.
push-waiting = En attente
push-skipped = Ignoré
push-applying = Envoi…
push-applied = Envoyé
push-verifying = Vérification…
push-verified = Vérifié
push-rolled-back = Rétabli
push-failed = Échec
push-endpoint-ok = ✓ { $endpoint } présente le nouveau certificat
push-endpoint-failed = ✗ { $endpoint } : { $detail }
push-then-verify = puis vérifier par TLS que { $endpoint } le présente (sinon retour en arrière)

## Notifications

notes-bell = { $count ->
    [0] Notifications
   *[other] Notifications ({ $count })
}
notes-title = Notifications
notes-none = Rien pour l'instant.
notes-clear = Effacer
notes-alarm = Nouvelle alarme : { $alarm }
notes-new-alarm = certdeck : nouvelle alarme
notes-more-alarms = { $count ->
    [one] et une autre alarme
   *[other] et { $count } autres alarmes
}
notes-desktop-refused = Le bureau n'a pas affiché de notification ({ $reason }) ; les nouvelles alarmes sont listées ici.
notes-desktop-no-service = aucun service de notifications ne répond sur ce bureau
settings-notifications = Notifications du bureau
settings-notifications-on = Annoncer chaque nouvelle alarme sur le bureau
detail-assign = Affecter à un nœud…

## Nodes screen

nav-node-list = Nœuds
nodes-list-title = Nœuds
nodes-list-explained = Comment chaque nœud est joint, les points d'accès TLS vérifiés après un envoi, et si sa clé d'hôte ou son certificat est épinglé.
nodes-list-no-endpoints = Aucun point d'accès TLS à vérifier après un envoi
nodes-list-endpoints = Vérifiés après un envoi : { $endpoints }
nodes-list-pinned = Épinglé : { $fingerprint }
nodes-list-not-pinned = Pas encore épinglé : utilisez Tester la connexion dans son formulaire
nodes-list-remove = Retirer…
nodes-list-folder = Kit dans { $path }
nodes-list-ssh = SSH/SFTP en tant que { $user } sur { $host } port { $port }
nodes-list-https = Envoi HTTPS vers { $url }
nodes-list-pexip = API Pexip Infinity à { $url } (nœud { $name })
nodes-remove-title = Retirer le nœud { $name } ?
nodes-remove-warning = Son certificat reste dans l'inventaire ; son mot de passe et sa clé SSH sont effacés du trousseau. Les fichiers déjà sur le nœud y restent.
node-removed = Nœud { $name } retiré
nodes-check = Vérifier maintenant
nodes-check-ok = { $node } présente son certificat sur { $count ->
    [one] son point d'accès
   *[other] ses { $count } points d'accès
}
nodes-check-failed = { $node } ne présente pas son certificat comme il le devrait ({ $detail })
nodes-check-failed-word = Vérification échouée
push-trust-only = { $count ->
    [one] envoie sa liste de confiance seule (une AC)
   *[other] envoie sa liste de confiance seule ({ $count } AC)
}

# A push that never finished (certdeck was stopped mid-push): a banner over the window.
push-unfinished = { $count ->
    [one] Un envoi ne s'est pas terminé (certdeck a été arrêté en cours) : { $nodes } est peut-être à moitié modifié.
   *[other] { $count } envois ne se sont pas terminés (certdeck a été arrêté en cours) : { $nodes } sont peut-être à moitié modifiés.
}
push-unfinished-rollback = Annuler les changements
push-unfinished-working = Travail en cours sur les nœuds…
push-unfinished-complete = Terminer
push-resumed = { $node } : { $detail }

# Certificats d'autorités ACME : l'écran Renouvellements, ses dialogues et l'assistant Obtenir un certificat.
nav-renewals = Renouvellements
word-yes = oui
word-no = non
word-none = aucun
dialog-cancel = Annuler
challenge-dns01 = DNS-01 via { $server } (RFC 2136)
challenge-manual = DNS-01 à la main
challenge-listen = HTTP-01 sur { $listen } (cet ordinateur)
challenge-webroot = HTTP-01 dans { $webroot } sur le nœud
renewals-title = Renouvellements
renewals-explained = Les nœuds dotés d'un émetteur ACME obtiennent leurs certificats de leur AC, qui sont renouvelés, déployés et vérifiés d'eux-mêmes — par le planificateur du système (certdeck schedule install) ou ici.
renewals-renew-due = Renouveler ce qui est dû
renewals-get-certificate = Obtenir un certificat…
renewals-upcoming = Renouvellements à venir
renewals-none = Aucun nœud n'obtient encore son certificat d'une AC ACME. Obtenir un certificat… le met en place.
renewals-due = Dû le { $date }
renewals-due-now = Dû maintenant
renewals-push-now = Un nouveau certificat attend d'être déployé
renewals-hold = Obtenu ; déployé à l'ouverture de la fenêtre de maintenance ({ $date })
renewals-retry = { $failures ->
    [one] Échec une fois
   *[other] Échec { $failures } fois de suite
} ; nouvel essai { $date }
renewals-rate-limited = L'AC limite ce compte jusqu'au { $date }
renewals-expires = expire le { $date }
renewals-no-certificate = pas encore de certificat
renewals-last-run = Dernière exécution : { $outcome }, { $when }
renewals-never-run = Jamais exécuté
renewals-renew-now = Renouveler maintenant
renewals-edit = Modifier…
renewals-remove = Supprimer
renewals-accounts = Comptes ACME
renewals-add-account = Ajouter un compte…
renewals-no-accounts = Aucun compte ACME pour l'instant.
renewals-account-active = Actif
renewals-account-deactivated = Désactivé
renewals-account-limited = Limité jusqu'au { $date }
renewals-deactivate = Désactiver…
renewals-dns-servers = Serveurs DNS (RFC 2136)
renewals-add-dns = Ajouter un serveur DNS…
renewals-no-dns = Aucun serveur DNS : DNS-01 par RFC 2136 en demande un (son secret TSIG va dans le trousseau).
renewals-dns-line = zone { $zone } sur { $server }, clé { $key } ({ $algorithm })
renewals-log = Journal des renouvellements
renewals-no-runs = Rien n'a encore été exécuté.
renewals-running = Renouvellement…
renewals-cancelling = Annulation : les commandes en cours s'arrêtent à leur prochaine étape, les nœuds non commencés sont ignorés.
renewals-finished = Renouvellement terminé
renewals-cancel = Annuler
renewals-dismiss = Masquer
renewals-step-starting = Ouverture de l'inventaire…
renewals-step-waiting = En attente
renewals-step-ordering = Commande d'un certificat pour { $names }
renewals-step-proving = Preuve pour { $name } ({ $how })
renewals-step-create-record = Créez cet enregistrement DNS maintenant
renewals-step-delegated = { $record } est délégué à { $target }
renewals-step-waiting-dns = Attente que les serveurs faisant autorité répondent { $record }
renewals-step-finalizing = Finalisation de la commande
renewals-step-downloading = Téléchargement du certificat
renewals-step-pushing = Déploiement et vérification par TLS
renewals-record-explained = Créez cet enregistrement TXT dans la zone ; certdeck continue de lui-même dès que chaque serveur faisant autorité y répond :
renewals-copy-value = Copier la valeur
renewals-copy-record = Copier l'enregistrement
renewals-outcome-renewed = Renouvelé
renewals-outcome-pushed = Envoyé (obtenu plus tôt)
renewals-outcome-obtained = Obtenu, attend la fenêtre
renewals-outcome-not-due = Pas dû
renewals-outcome-waiting = En attente
renewals-outcome-would-renew = Serait renouvelé
renewals-outcome-would-push = Serait déployé
renewals-outcome-failed = Échec
renewals-note = { $node } : { $outcome } — { $detail }
renewals-account-added = Compte ACME { $name } enregistré
renewals-dns-added = Serveur DNS { $name } ajouté ; son secret TSIG est dans le trousseau
renewals-issuer-saved = { $node } obtient désormais ses certificats par ACME
renewals-deactivate-title = Désactiver le compte ACME { $name } ?
renewals-deactivate-warning = L'AC désactive le compte définitivement : il ne pourra plus jamais commander ni révoquer. Les nœuds qui l'utilisent ont besoin d'un autre compte.
renewals-remove-issuer-title = Ne plus renouveler { $node } par ACME ?
renewals-remove-issuer-warning = Le nœud garde son certificat actuel ; plus rien n'est commandé ni déployé pour lui.
renewals-remove-dns-title = Supprimer le serveur DNS { $name } ?
renewals-remove-dns-warning = Son secret TSIG est effacé du trousseau. Les nœuds dont le challenge l'utilise ne peuvent plus renouveler sans un autre.
nodes-list-acme = ACME…
nodes-list-issuer = ACME : { $account }, { $challenge } — { $next } ; déploiement { $window }
account-title = Ajouter un compte ACME
account-explained = certdeck enregistre un compte auprès de l'AC ; sa clé est scellée dans le coffre. Essayez d'abord une nouvelle configuration avec une AC de test (staging) : ses certificats ne sont pas reconnus, mais ses limites sont généreuses.
account-name = Nom dans certdeck
account-ca = Autorité de certification
account-ca-other = Une autre AC (URL d'annuaire)
account-url = URL d'annuaire
account-look-up = Lire l'annuaire
account-root = Certificat racine du HTTPS de l'AC (AC internes seulement)
account-root-placeholder = /chemin/vers/ca-root.pem (facultatif)
account-root-unreadable = Impossible de lire { $path } : { $reason }
account-reading = Lecture de l'annuaire de l'AC…
account-directory-failed = L'annuaire de l'AC est illisible : { $reason }
account-terms = Conditions d'utilisation : { $terms }
account-eab = Liaison de compte externe (EAB) exigée : { $needed }
account-ari = Informations de renouvellement (ARI) : { $offered }
account-profiles = Profils : { $profiles }
account-contact = Adresse de contact (l'AC y écrit au sujet des expirations et incidents)
account-eab-kid = ID de clé EAB
account-eab-hmac = Clé HMAC EAB
account-agree = J'ai lu et j'accepte les conditions d'utilisation de l'AC
account-register = Enregistrer
account-registering = Enregistrement…
account-missing-name = Donnez un nom au compte.
account-missing-url = Indiquez l'URL d'annuaire de l'AC.
account-missing-terms = Les conditions de l'AC doivent être acceptées.
account-missing-eab = Cette AC exige l'ID de clé et la clé HMAC qu'elle vous a donnés (liaison de compte externe).
dns-title = Ajouter un serveur DNS
dns-explained = Un serveur DNS qui accepte les mises à jour RFC 2136 signées par une clé TSIG (BIND, PowerDNS, Knot, DNS Windows). Le secret va dans le trousseau, l'inventaire garde le reste.
dns-name = Nom dans certdeck
dns-server = Serveur primaire (hôte:port)
dns-zone = Zone
dns-key-name = Nom de la clé TSIG
dns-algorithm = Algorithme
dns-secret = Secret TSIG (base64, tel que tsig-keygen l'affiche)
dns-check-servers = Serveurs faisant autorité à vérifier (hôte:port, facultatif)
dns-check-servers-placeholder = vide : les enregistrements NS de la zone
dns-save = Enregistrer
dns-missing = Le nom, le serveur, la zone, le nom de clé et le secret sont nécessaires.
issuer-title = Obtenir un certificat par ACME
issuer-step-node = Nœud
issuer-step-ca = AC
issuer-step-challenge = Challenge
issuer-step-options = Clé et fenêtre
issuer-step-review = Vérification
issuer-node-explained = Le nœud dont le certificat vient de l'AC. Son FQDN et ses noms alternatifs sont commandés ; modifiez-les dans le formulaire du nœud.
issuer-node = Nœud
issuer-names = Noms commandés : { $names }
issuer-names-label = Noms
issuer-node-no-names = Ce nœud n'a ni FQDN ni nom alternatif pour lequel commander un certificat.
issuer-ca-explained = Le compte ACME (donc l'AC) dont viennent les certificats, et le profil de l'AC lorsqu'elle en propose plusieurs.
issuer-account = Compte ACME
issuer-profile = Profil
issuer-profile-default = Celui de l'AC par défaut
issuer-profiles-reading = Lecture des profils de l'AC…
issuer-no-profiles = Cette AC ne propose pas de profils.
issuer-challenge-explained = Comment le nœud prouve à l'AC qu'il détient ses noms :
issuer-challenge-dns01 = DNS-01 par mise à jour RFC 2136 (une délégation CNAME de _acme-challenge est suivie)
issuer-challenge-manual = DNS-01 à la main : certdeck affiche l'enregistrement TXT et l'attend
issuer-challenge-listen = HTTP-01 servi par cet ordinateur (le port 80 doit l'atteindre)
issuer-challenge-webroot = HTTP-01 par le pilote du nœud, dans sa racine web
issuer-dns-server = Serveur DNS
issuer-dns01-hint = L'enregistrement est créé, vérifié sur les serveurs faisant autorité de la zone puis supprimé, même si la commande échoue.
issuer-check-servers = Serveurs faisant autorité à vérifier (hôte:port, séparés par des virgules)
issuer-listen = Écouter sur (adresse:port)
issuer-listen-hint = L'AC se connecte au port 80 de chaque nom : redirigez-le vers cette adresse.
issuer-webroot = Racine web du nœud (chemin absolu sur le nœud)
issuer-key = Clé
issuer-key-new = Une nouvelle clé { $kind } pour chaque certificat
issuer-key-keep = Garder la clé du certificat actuel
issuer-key-csr = La propre demande de l'appareil (aucune clé conservée ici)
issuer-request = La demande de signature de l'appareil
issuer-window = Fenêtre de maintenance (jours et heures, heure locale)
issuer-window-any = à tout moment
issuer-window-means = Les déploiements ont lieu { $window } ; les certificats sont obtenus avant et l'attendent.
issuer-renew-at = Renouveler après cette part de la durée de vie (%)
issuer-renew-at-hint = Utilisé quand l'AC ne donne pas de fenêtre de renouvellement (ARI). 67 % renouvelle un certificat de 90 jours après 60 jours.
issuer-review-explained = certdeck va commander, prouver, finaliser, importer (la clé scellée dans le coffre), déployer par le pilote du nœud et vérifier par TLS — maintenant si vous le demandez, puis avant chaque expiration.
issuer-back = Retour
issuer-next = Suivant
issuer-save = Enregistrer
issuer-get-now = Enregistrer et obtenir le certificat
issuer-missing-node = Choisissez un nœud.
issuer-missing-account = Choisissez un compte ACME, ou ajoutez-en un.
issuer-missing-dns-server = Choisissez un serveur DNS, ou ajoutez-en un.
issuer-missing-check-servers = Indiquez les serveurs faisant autorité de la zone à vérifier.
issuer-bad-listen = { $listen } n'est pas une adresse:port d'écoute.
issuer-bad-webroot = La racine web est un chemin absolu sur le nœud (il commence par /).
issuer-missing-request = Choisissez la demande de signature de l'appareil (importez-la d'abord).
issuer-bad-renew-at = La part de la durée de vie est un pourcentage entre 5 et 95.
renewals-schedule-on = Sans surveillance : le planificateur du système lance certdeck renew --due toutes les heures pour cet inventaire.
renewals-schedule-off = Pas sans surveillance : rien n'est renouvelé tant que certdeck est fermé. Installez l'entrée horaire du planificateur pour renouveler tout seul.
renewals-schedule-unknown = Interrogation du planificateur du système…
renewals-schedule-install = Renouveler sans surveillance
renewals-schedule-remove = Arrêter le renouvellement sans surveillance
renewals-schedule-installed = Le planificateur du système lance désormais certdeck renew --due toutes les heures
renewals-schedule-removed = L'entrée du planificateur est supprimée : rien n'est renouvelé tant que certdeck est fermé
renewals-schedule-failed = L'entrée du planificateur ne peut pas être modifiée : { $reason }
renewals-schedule-no-cli = La ligne de commande certdeck n'est pas installée à côté de ce programme ({ $path })
renewals-deactivating = Désactivation du compte { $name } auprès de son AC…
renewals-removing = Suppression…
renewals-step-rehearsing = Répétition de la commande chez { $account } d'abord
renewals-step-rehearsed = La répétition chez { $account } a réussi ; place à l'AC du nœud
issuer-rehearse = Répéter chez (compte de test)
issuer-rehearse-none = Pas de répétition
issuer-rehearse-hint = Une configuration nouvelle ou modifiée est d'abord commandée une fois chez le compte de test (son certificat est jeté) ; l'AC du nœud n'est sollicitée que si cela réussit, ainsi une erreur n'entame jamais ses limites.
issuer-rehearse-same = Le compte de répétition doit être un autre compte (celui d'une AC de test).
status-revoked = Révoqué
alarm-revoked = { $name } est révoqué par son AC
reason-revoked = Son AC l'a révoqué : { $detail }
revocation-check = Vérifier la révocation
revocation-checking = Vérification de la révocation : { $done } sur { $total }
revocation-cancelling = Arrêt de la vérification de la révocation…
revocation-found = { $name } est révoqué depuis le { $date } ({ $source })
revocation-unreachable = État de révocation non obtenu : { $detail }
revocation-done = Révocation vérifiée : { $checked } certificats, { $revoked } révoqués, { $unknown } à l'état inconnu (ni CRL à jour ni réponse OCSP)
policy-title = Verdict selon une politique
policy-web = politique web (Baseline Requirements du CA/Browser Forum sur la RFC 5280)
policy-private = politique privée (RFC 5280, PKI interne)
policy-acceptable = Acceptable
policy-not-acceptable = Non acceptable
policy-link = Maillon { $position } : { $subject }
rule-serial-positive = Le numéro de série doit être un entier positif
rule-serial-length = Le numéro de série dépasse 20 octets
rule-aki-present = Pas d'identifiant de clé d'autorité
rule-aki-not-critical = L'identifiant de clé d'autorité est marqué critique
rule-ski-present = Un certificat d'AC sans identifiant de clé du sujet
rule-ski-not-critical = L'identifiant de clé du sujet est marqué critique
rule-ca-subject = Un certificat d'AC au sujet vide
rule-keycertsign-needs-ca = keyCertSign est présent mais le certificat n'est pas une AC
rule-san-critical-without-subject = Le sujet est vide mais les noms alternatifs ne sont pas critiques
rule-dns-name-syntax = Un nom DNS hors de la syntaxe préférée (un tiret bas, par exemple)
rule-anchor-basic-constraints = L'AC de confiance n'a pas de contraintes de base critiques qui en font une AC
rule-ca-keycertsign = L'usage de clé de l'AC ne permet pas de signer des certificats
rule-critical-extensions-known = L'AC de confiance a une extension critique que certdeck ne connaît pas
rule-anchor-valid = L'AC de confiance est hors de sa période de validité
rule-name-constraints-in-ca = Des contraintes de noms dans un certificat final
rule-name-constraints-critical = Contraintes de noms non marquées critiques
rule-name-constraints-syntax = Contraintes de noms vides ou mal formées
rule-policy-constraints-critical = Contraintes de politique non marquées critiques
rule-crl-number = Une CRL sans numéro de CRL correct
rule-crl-signer = Une CRL signée par une AC qui n'a pas le droit de signer des CRL
rule-max-chain-depth = Plus d'intermédiaires que permis
rule-aia-syntax = Accès aux informations de l'autorité vide ou mal formé
rule-eku-present = Pas d'usage étendu de clé
rule-eku-not-critical = L'usage étendu de clé est marqué critique
rule-eku-not-any = L'usage étendu de clé inclut anyExtendedKeyUsage
rule-root-without-eku = Une AC racine avec un usage étendu de clé
rule-key-strength = Une clé que les Baseline Requirements interdisent (RSA sous 2048 bits ou non multiple de 8, DSA, P-192)
rule-san-not-critical = Les noms alternatifs sont critiques alors que le sujet n'est pas vide
rule-wildcard-not-public-suffix = Un joker sur un suffixe public
rule-common-name-in-san = Le nom commun n'est pas l'un des noms alternatifs tel qu'écrit
rule-root-aki = L'identifiant de clé d'autorité de la racine n'est pas seulement son propre identifiant de clé
node-policy = Jugé selon
node-policy-auto = Selon sa racine
node-policy-web = Web (Baseline Requirements)
node-policy-private = Privée (RFC 5280)
column-revocation = Révocation
revocation-not-revoked = OK

## Vue d'ensemble (écran d'accueil)
nav-overview = Vue d'ensemble
overview-title = Vue d'ensemble
overview-certificates = { $count } certificats
overview-expiring-title = Expirations
overview-weeks = 13 prochaines semaines
overview-months = 12 prochains mois
overview-by-kind = Par type
overview-by-node-role = Par rôle de nœud
overview-expired = { $count } déjà expirés
overview-unassigned = Sur aucun nœud
overview-nodes-title = Nœuds
overview-no-nodes = Pas encore de nœuds : ajoutez-les sous Nœuds.
overview-days-left = { $days } jours restants
overview-renewals-title = Prochains renouvellements
overview-no-renewals = Aucun certificat ne se renouvelle encore seul (Renouvellements).
overview-renewal-failing = dernière exécution en échec
health-no-certificate = Aucun certificat
health-failing = En échec
health-drift = Sert un autre certificat
health-expiring = Expire bientôt
health-unverified = Pas encore vérifié
health-verified = Vérifié
narrowed-expiring = Expirent du { $from } au { $to }
narrowed-status = Statut : { $status }
narrowed-clear = Tout afficher

## Découverte
nav-discovery = Découverte
discovery-title = Découverte
discovery-explained = Trouvez les points TLS sur des hôtes, des noms et des plages d'adresses (jusqu'à un /16) : TLS dès le premier octet et STARTTLS sur les ports de messagerie, d'annuaire et de chat. Ce que chacun sert est conservé ; Alarmes le compare à ce qui est attribué.
discovery-targets-placeholder = Hôtes, noms, plages : 192.0.2.0/24 pbx.example.com
discovery-ports-placeholder = Ports : 443,8443,smtp:2525
discovery-scan = Analyser
discovery-cancel = Annuler
discovery-no-targets = Saisissez les hôtes, noms ou plages à analyser.
discovery-too-wide = Les cibles comptent { $count } adresses ; une analyse couvre au plus un /16 (65 536) à la fois.
discovery-confirm = Cette analyse couvre { $count } adresses. Les analyser toutes ?
discovery-confirm-yes = Les analyser
discovery-progress = { $done } sur { $total } examinés, { $served } servent du TLS
discovery-finished = { $answered } points ont répondu ; { $new } nouveaux, { $silent } connus mais muets.
discovery-cancelled = (Annulée : le reste n'a pas été examiné.)
discovery-endpoints = Points trouvés : { $count }
discovery-none = Aucun point trouvé pour l'instant : analysez un hôte ou une plage ci-dessus.
discovery-column-endpoint = Point
discovery-column-protocol = Protocole
discovery-column-state = État
discovery-column-serves = Sert
discovery-column-seen = Vu pour la dernière fois
discovery-unmanaged = { $subject } (absent de l'inventaire)
discovery-adopt = Adopter…
discovery-adopt-save = Créer le nœud
discovery-node-name = Nom du nœud
discovery-bad-target = « { $target } » n'est ni un nom d'hôte, ni une adresse, ni une plage (CIDR).
discovery-bad-ports = Les ports « { $ports } » ne sont pas compris : écrivez-les ainsi : 443,8443,8000-8010,smtp:2525.
discovery-state-legacy = TLS ancien seulement
discovery-state-gone = Ne répond plus
discovery-state-silent = Muet
discovery-state-starttls = STARTTLS refusé
discovery-state-failed = Échec de la négociation
overview-pushes-title = Derniers envois
overview-no-pushes = Rien n’a encore été envoyé.
push-busy = { $who } déploie sur ce nœud depuis { $since } : réessayez quand ce sera fini
push-busy-unknown = Un autre membre déploie sur ce nœud : réessayez quand ce sera fini

## Settings → Unattended renewal (certdeck doctor)
doctor-title = Renouvellement sans surveillance
doctor-explained = Si cette machine renouvelle et déploie seule : le coffre, le planificateur et son dernier passage, les secrets des nœuds, les clés DNS (vérifiées par une mise à jour signée qui ne change rien), les comptes ACME (demandés à l'AC) et les canaux de notification. Les mêmes vérifications que certdeck doctor.
doctor-check = Vérifier maintenant
doctor-checking = Vérification : interrogation des serveurs DNS et des AC…
doctor-cancel = Annuler
doctor-all-good = Cette machine peut renouveler sans surveillance.
doctor-warnings = Elle peut renouveler sans surveillance ; certains points sont à regarder.
doctor-will-fail = Le renouvellement sans surveillance échouera ici : voir les vérifications en échec.
doctor-ok = ok
doctor-warn = à voir
doctor-fail = échec
doctor-name-vault = Coffre de clés
doctor-name-scheduler = Planificateur
doctor-name-last-pass = Dernier passage
doctor-name-node-secrets = Secrets des nœuds
doctor-name-node-pins = Identité du nœud
doctor-name-dns-keys = Clés DNS
doctor-name-dns-server = Serveur DNS
doctor-name-acme-accounts = Comptes ACME
doctor-name-acme-ca = AC ACME
doctor-name-notifications = Notifications
doctor-channels = Canaux de notification
doctor-no-channels = Aucun canal : un échec la nuit n'atteint personne. Ajoutez-en un avec certdeck notify add (courriel ou webhook).
doctor-test = Envoyer un test
doctor-remove = Retirer
doctor-test-delivered = { $channel } : le test a été remis.
doctor-test-failed = { $channel } : le test n'a pas été remis : { $reason }
doctor-no-channel = Ce canal n'existe plus.
doctor-removed = Canal { $channel } retiré.
doctor-secrets = Où sont les secrets
doctor-no-secrets = Aucun secret enregistré.
doctor-in-keychain = dans le trousseau
doctor-in-vault = scellé par le coffre
doctor-remove-ask = Retirer le canal { $channel } ? Les échecs ne lui parviendront plus.
doctor-remove-yes = Retirer
doctor-remove-no = Garder
doctor-approve-explained = Un coéquipier a défini ceci dans l'inventaire partagé. Le passage sans surveillance l'exécuterait ou l'écrirait sur cet ordinateur, sous le compte qui renouvelle, et le refuse tant qu'il n'est pas approuvé ici. Lisez-le et n'approuvez que ce que vous reconnaissez.
doctor-approved = { $count } réglage(s) approuvé(s) sur cette machine.
