# certdeck — 日本語

app-title = certdeck
app-subtitle = 証明書・鍵・信頼チェーン

# ツールバー
import-files = ファイルをインポート…
import-path-placeholder = 証明書、鍵、PKCS#7 または PKCS#12 ファイルのパス
import-path-open = 開く
paste-pem = PEM を貼り付け
paste-pem-placeholder = ここに PEM テキストを貼り付けてください（証明書、鍵、要求など）
paste-pem-import = 貼り付けたテキストを解析
paste-pem-cancel = 閉じる
clear-all = クリア
password-placeholder = PKCS#12 ファイルと暗号化された鍵のパスワード
password-retry = パスワードで再試行
no-file-dialog = このデスクトップにはファイルダイアログがありません。下にパスを入力してください。

# 空の状態とドロップ
empty-title = 証明書ファイルをこのウィンドウのどこにでもドロップしてください
empty-hint = PEM、DER、PKCS#7 (.p7b)、PKCS#12 (.pfx/.p12)、鍵、CSR、CRL、DH/EC パラメーター。形式は内容から判別します。
drop-to-import = ドロップしてインポート
working = { $count } 個のファイルを読み込み中…

# 一覧
column-name = 名前
column-status = 状態
column-expires = 有効期限
column-days-left = 残り日数
column-issuer = 発行者
column-nodes = ノード
column-key = 鍵
objects-count = { $count } 個のオブジェクト
errors-count = { $count } 件の問題

# 種類
kind-certificate = 証明書
kind-private-key = 秘密鍵
kind-csr = 署名要求
kind-crl = 失効リスト
kind-tls-parameters = TLS パラメーター
kind-public-key = 公開鍵

# 状態（バッジの文言）
status-good = 良好
status-temporary = 一時的
status-weak-signature = 弱い署名
status-empty-subject = サブジェクトが空
status-expiring = 残り { $days } 日
status-expired = 期限切れ
status-not-yet-valid = まだ有効でない
status-weak-key = 弱い鍵
status-no-san = SAN なし
status-wildcard = ワイルドカード
status-ca = CA
status-incomplete-chain = チェーン不完全
status-key-missing = 鍵がない

# 詳細ペイン
detail-none = オブジェクトを選択すると詳細が表示されます。
detail-statuses = 状態
detail-subject = サブジェクト
detail-issuer = 発行者
detail-serial = シリアル番号
detail-valid-from = 有効期間の開始
detail-valid-until = 有効期間の終了
detail-key = 鍵
detail-signature = 署名
detail-sha1 = SHA-1
detail-sha256 = SHA-256
detail-private-key = 秘密鍵
detail-private-key-present = 同じインポートで見つかりました
detail-private-key-absent = インポートされていません
detail-extensions = 拡張
detail-critical = 重要
detail-chain = 信頼チェーン
detail-chain-trusted = 信頼されたルート { $name } で終わります
detail-chain-untrusted-root = ルート { $name } で終わりますが、信頼されていません
detail-chain-missing = 発行者 { $name } が見つかりません
detail-chain-too-long = パスが長すぎます
detail-pem = PEM
detail-file = ファイル
detail-protection = 保護
detail-request-signature = 要求の署名
detail-request-signature-ok = 要求の鍵で検証できます
detail-request-signature-bad = 検証できません
detail-san = サブジェクト代替名
detail-this-update = 今回の更新
detail-next-update = 次回の更新
detail-revoked = 失効した証明書
detail-parameters = パラメーター

# ナビゲーションとインベントリ
nav-inventory = すべての証明書
nav-inspect = ファイルを調べる
filter-placeholder = 名前、発行者、SAN、シリアル番号、フィンガープリントで絞り込み
inventory-loading = インベントリを開いています…
inventory-empty = インベントリは空です。ここに証明書ファイルをドロップするか、「ファイルをインポート…」を押してください。
inventory-error = インベントリを開けませんでした: { $reason }
import-done = 追加 { $added }、更新 { $updated }、変更なし { $unchanged }、問題 { $errors }
alarms-count = { $count ->
    [0] アラームなし
   *[other] アラーム { $count } 件
}
column-role = 種類
role-server = サーバー（鍵あり）
role-leaf = 証明書
role-intermediate = 中間 CA
role-root = ルート CA
detail-nodes = ノード

# 一覧に表示する証明書
show-all = すべての証明書
show-attention = 要対応
show-expired = 期限切れ
show-expiring = まもなく期限切れ
show-with-key = 秘密鍵あり
show-authorities = 認証局

# 設定
nav-settings = 設定
settings-title = 設定
settings-language = 言語
settings-language-system = システムと同じ
settings-theme = テーマ
theme-system = システムと同じ
theme-light = ライト
theme-dark = ダーク
settings-warning-days = 証明書の有効期限の何日前に警告するか
settings-warning-days-invalid = 1 から 3650 までの日数を入力してください。
settings-data-dir = データフォルダー（インベントリと鍵保管庫）
settings-choose = 選択…
settings-default = 既定
settings-keychain = キーチェーン
settings-keychain-checking = 確認中…
settings-keychain-ok = 使用中: { $name }
settings-keychain-none = 利用できません（{ $reason }）。鍵保管庫にはパスフレーズが必要です。CERTDECK_VAULT_PASSPHRASE を設定してください。
settings-renderer = 描画
settings-renderer-asked = { $name }（ICED_BACKEND の指定どおり）
settings-renderer-gpu = { $name } 上の wgpu
settings-renderer-software = tiny-skia: GPU がありません（{ $names } はソフトウェア描画で、tiny-skia の方が少ないメモリで描けます）
settings-renderer-none = tiny-skia: グラフィックアダプターが見つかりません
settings-file = 設定ファイル
settings-no-file = このシステムには設定フォルダーがないため、設定を保存できません。
settings-save = 保存
settings-revert = 変更を元に戻す
settings-saved = { $path } に保存しました。

# 言語名（それぞれの言語で表記）
language-de = Deutsch
language-en = English
language-es = Español
language-fr = Français
language-ja = 日本語

# 証明書がその状態である理由（詳細ペイン）
reason-expired = { $date } に期限切れになりました（{ $days } 日前）。
reason-not-yet-valid = { $date } より前は有効ではありません。
reason-expiring = 残り { $days } 日: { $date } に期限切れになります。
reason-weak-signature = { $algorithm } で署名されています。SHA-2 で署名された証明書に置き換えてください。
reason-weak-key = { $key } は弱すぎます。RSA は 2048 ビット以上、EC は 256 ビット以上が必要です。
reason-incomplete-chain = 信頼されたルートへのパスがありません。発行者 { $name } が見つかりません。
reason-incomplete-chain-untrusted = 信頼されたルートへのパスがありません。{ $name } は信頼されていません。
reason-key-missing = このサーバー証明書の秘密鍵がありません。
reason-temporary = 自己署名です。CA が署名した証明書に置き換えるまで、クライアントは信頼しません。
reason-empty-subject = サブジェクトが空です。この証明書はサブジェクト代替名でのみ識別されます。
reason-no-san = サブジェクト代替名がありません。ブラウザーやほとんどの TLS クライアントはコモンネームを無視します。
reason-wildcard = ワイルドカード名 { $name }: SIP over TLS はワイルドカードを受け付けません（RFC 5922）。
reason-ca = 認証局。
reason-ca-path-length = 認証局（配下の中間 CA は最大 { $limit } 個）。

# 証明書の削除
detail-delete = 削除…
delete-title = { $name } を削除しますか？
delete-warning = 秘密鍵とノードへの割り当ても一緒に削除されます。ノードに送信済みのファイルはそのまま残ります。この操作は元に戻せません。
delete-confirm = 削除
delete-cancel = キャンセル
deleted = { $name } を削除しました。

# 信頼チェーンの各リンクの検査
check-builtin-anchor = 組み込みの Mozilla ルート（名前と鍵のみ）
check-issuer-not-found = 発行者 { $name } が見つかりません
check-issuer-not-found-key-id = 発行者 { $name }（鍵 ID { $key_id }）が見つかりません
check-valid-until = { $date } まで有効
check-not-valid-before = { $date } より前は無効
check-expired-on = { $date } に期限切れ
check-self-signed = 自己署名: 自身の鍵で署名を検証できます
check-issuer-name = 発行者名が { $name } と一致します
check-issuer-name-builtin = 発行者名が組み込みのルートと一致します
check-key-id-matches = 機関鍵 ID が一致します: { $key_id }
check-key-id-differs = 機関鍵 ID { $key_id } が発行者の鍵 ID { $issuer_key_id } と異なります
check-no-key-ids = 比較する鍵 ID がありません
check-signature-issuer = { $algorithm } 署名を発行者の鍵で検証しました
check-signature-root = { $algorithm } 署名をルートの鍵で検証しました
check-signature-fails-issuer = 発行者の鍵で署名を検証できません
check-signature-fails-root = ルートの鍵で署名を検証できません
check-issuer-is-ca = 発行者は CA です
check-issuer-not-ca = 発行者は CA ではありません（basicConstraints が CA:FALSE または未設定）
check-issuer-may-sign = 発行者は証明書に署名できます
check-issuer-lacks-cert-sign = 発行者の鍵用途に keyCertSign がありません
check-path-length-exceeded = 中間 CA が { $below } 個ありますが、発行者が許すのは { $limit } 個です
check-path-length-ok = 配下の中間 CA は { $below } 個（許容 { $limit } 個）
check-no-path-length = 発行者はパス長を制限していません

# 証明書のエクスポート
detail-export = エクスポート…
export-title = エクスポート
export-title-name = { $name } をエクスポート
export-what = 内容
export-what-certificate = 証明書のみ
export-what-chain = 証明書とチェーン
export-what-key = 証明書、チェーン、秘密鍵
export-format = 形式
export-format-pem = PEM (.pem) — テキスト、ほとんどのアプライアンス
export-format-der = DER (.der, .cer) — バイナリ証明書 1 つ
export-format-p7b = PKCS#7 (.p7b) — 証明書のみ、鍵なし
export-format-pfx-modern = PKCS#12 (.pfx) 最新 — AES、OpenSSL 3 と Windows 10 以降
export-format-pfx-compatible = PKCS#12 (.pfx) 互換 — 3DES、古いアプライアンスと Java
export-passphrase = パスフレーズ
export-passphrase-hint = 秘密鍵または PKCS#12 ファイルを保護します
export-plain-key = 秘密鍵を暗号化せずに書き出す（ファイルを入手した人は誰でも使えます）
export-key-needs-pem-or-pfx = DER と PKCS#7 ファイルには秘密鍵を含められません。PEM か PKCS#12 を選んでください。
export-der-one-certificate = DER ファイルには証明書を 1 つしか入れられません。チェーンには PEM か PKCS#7 を選んでください。
export-pfx-needs-passphrase = PKCS#12 ファイルのパスフレーズを入力してください。
export-plain-key-unconfirmed = 秘密鍵のパスフレーズを入力するか、暗号化せずに書き出すことを確認してください。
export-save = 保存…
export-no-dialog = 保存ダイアログを利用できません（または閉じられました）。パスを編集してここに保存してください。
export-save-here = ここに保存
exported = { $path } を保存しました。

# アラーム
nav-alarms = アラーム
alarms-title = アラーム
alarms-explained = 証明書のないノード、期限切れまたは { $days } 日以内に期限切れになる証明書、信頼されたルートに到達しないチェーン。アラームをクリックすると証明書を表示します。
alarms-none = 対応が必要なものはありません。
alarm-kind-node = 証明書なし
alarm-kind-expiring = まもなく期限切れ
alarm-node-without-certificate = ノード { $node } にサーバー証明書がありません。
alarm-expired = { $name } は { $date } に期限切れになりました。
alarm-expiring = { $name } は { $days } 日後（{ $date }）に期限切れになります。
alarm-incomplete-chain = { $name }: 発行者 { $issuer } がないため、チェーンが信頼されたルートに到達しません。
alarm-kind-drift = 不一致
alarm-kind-unmanaged = 管理外
alarm-kind-vanished = 応答なし
alarm-kind-weak-wire = 通信上の弱点
alarm-drift = { $endpoint } はノード { $node } に割り当てた証明書とは別の証明書を提供しています。
alarm-unmanaged-expiring = { $endpoint } はインベントリにない証明書を提供しており、その証明書はアラーム期間内に期限切れになります (または期限切れです)。
alarm-vanished = { $endpoint } は証明書を提供していましたが、応答しなくなりました。
alarm-weak-on-wire = { $endpoint } は TLS 1.0/1.1 のみを話すか、SHA-1 署名または弱い鍵を提供しています。

# 信頼された CA
nav-trusted = 信頼された CA
trusted-title = 信頼された CA
trusted-explained = チェーンはこれらのいずれかで終わる必要があります。各ノードの信頼リスト（証明書と一緒に送信）はこの中から選びます（certdeck node trust）。
trusted-custom = { $count ->
    [0] あなたの CA
   *[other] あなたの CA（{ $count }）
}
trusted-none = まだありません。ルートまたは中間 CA の証明書をインポートし、「この CA を信頼」を押してください。
trusted-expires = { $date } に期限切れ
trusted-remove = 信頼をやめる
trusted-add = この CA を信頼
trusted-builtin = 組み込みの Mozilla ルート（{ $count }）

# ノード別
nav-nodes = ノード別
nodes-title = ノード別
nodes-explained = 各ノードが提供すべきサーバー証明書、信頼リスト、前回の送信またはプローブの結果。証明書を選ぶと割り当てます（以前の証明書を置き換えます）。
nodes-none = ノードはまだありません。「ノードを追加…」で追加してください。
nodes-no-certificate = 証明書なし
nodes-assign = 証明書を割り当て…
nodes-alarms = { $count ->
    [0] アラームなし
   *[other] アラーム { $count } 件
}
nodes-trust = 信頼: { $names }
nodes-trust-none = 信頼リスト: 送信なし（「編集…」で設定）
nodes-last-result = 前回の結果: { $result }
nodes-driver-folder = フォルダーキット
nodes-driver-none = まだ送信先として設定されていません（「編集…」で設定）

# 署名要求
nav-requests = 署名要求
requests-title = 署名要求
requests-explained = ここ（新しい要求…、証明書の更新…）または certdeck csr で作成した要求です。CA から返された証明書をインポートすると要求が完了し、保管していた鍵と組み合わされます。
requests-pending = { $count ->
    [0] CA の応答待ちはありません。
   *[other] CA の応答待ち: { $count } 件。
}
requests-none = 要求はまだありません。「新しい要求…」で作成するか、証明書の詳細から更新してください。
requests-waiting = CA の応答待ち
requests-completed = 完了
requests-key-kept = 秘密鍵を保管庫に保管
requests-usage-server = TLS サーバー
requests-usage-client = TLS クライアント
requests-usage-both = サーバーとクライアント

## Signing-request wizard

csr-new = 新しい要求…
detail-renew = 更新…
csr-title-new = 新しい署名要求
csr-title-renew = { $name } を更新
csr-key = 鍵
csr-key-keep = 現在の鍵を使い続ける
csr-key-rsa2048 = RSA 2048
csr-key-rsa3072 = RSA 3072
csr-key-rsa4096 = RSA 4096
csr-key-p256 = ECDSA P-256
csr-key-p384 = ECDSA P-384
csr-key-ed25519 = Ed25519
csr-usage = 用途
csr-node = ノード
csr-node-none = ノードなし
csr-subject = サブジェクト
csr-common-name = コモンネーム (CN)
csr-organization = 組織 (O)
csr-unit = 部署 (OU)
csr-locality = 市区町村 (L)
csr-state = 都道府県 (ST)
csr-country = 国 (C)
csr-email = メールアドレス
csr-names = サブジェクト代替名
csr-names-hint = conf1.example.com、192.0.2.10、sip:conf@example.com など
csr-add-name = 追加
csr-remove-name = 削除
csr-cn-in-san = コモンネームを代替名にも追加する（ブラウザーは CN を見ません）
csr-checks = 送信前のチェック
csr-checks-clean = 問題はありません。
csr-create = 要求を作成
csr-working = 鍵と要求を作成しています…
csr-bad-name = { $name } はホスト名、IP アドレス、メールアドレス、URI のいずれでもありません。
csr-bad-country = 国 { $country } は NO や DE のような大文字 2 文字 (ISO 3166) で入力してください。
csr-field-too-long = { $value } はサブジェクトの項目に入る 64 文字を超えています。
csr-made = { $name } の要求を作成しました。CA に送り、返ってきた証明書をインポートすると、ここで保管している鍵と組み合わされます。
csr-made-key = 鍵: { $key }（保管庫に保管）
csr-copy = コピー
csr-copied = クリップボードにコピーしました。
csr-save = 名前を付けて保存…
csr-saved = 要求を { $path } に保存しました
csr-close = 閉じる
lint-error = 要求を止めます
lint-warning = 警告
lint-no-san = サブジェクト代替名がありません。ブラウザーや多くの TLS クライアントはこの証明書を拒否します。
lint-empty-subject = サブジェクトが空です。このような証明書を表示・インポートできない機器があります。
lint-wildcard-sip = { $names }: SIP over TLS はワイルドカードを受け付けません (RFC 5922)。{ $node } は SIP ノードです。
lint-name-not-covered = この要求はノード { $node } の名前 { $name } を含んでいません。
lint-wildcard = { $names }: SIP over TLS ではワイルドカードは使えません (RFC 5922)。
lint-weak-key = { $key } は弱すぎます。RSA 2048 以上か P-256 を使ってください。
lint-ed25519 = Ed25519 鍵をまだ受け付けない機器や公的 CA が多くあります。RSA か P-256 をお勧めします。

## Node form

node-add = ノードを追加…
node-edit = 編集…
node-title-add = ノードを追加
node-title-edit = { $name } を編集
node-name = 名前
node-fqdn = FQDN
node-alt-names = 別名（カンマ区切り）
node-role = 証明書の用途
node-sip = SIP over TLS を終端する（ワイルドカード証明書は拒否されます）
node-endpoints = 送信後に確認する TLS エンドポイント（host:port、カンマ区切り。SIP TLS は 5061）
node-driver = 証明書の届け方
node-driver-none = certdeck からは送信しない
node-driver-folder = フォルダーキット
node-driver-ssh = SSH/SFTP
node-driver-https = HTTPS アップロード（WebDAV または Web フォーム）
node-driver-pexip = Pexip Infinity 管理 API
node-driver-none-explained = certdeck はノードの証明書とアラームを管理します。ファイルのインストールはご自身で行います（エクスポート）。
node-folder = キットを書き出すフォルダー
node-reload-local = 書き出し後にここで実行するコマンド（任意）
node-host = ホスト（既定: FQDN）
node-port = ポート
node-user = ユーザー
node-certificate-path = ノード上の証明書ファイル（チェーン付き）
node-key-path = ノード上の秘密鍵ファイル（任意）
node-ca-path = ノード上の信頼済み CA ファイル（任意）
node-reload-remote = その後ノードで実行するコマンド（任意）
node-password = パスワード
node-ssh-key = OpenSSH 秘密鍵ファイル（任意）
node-secrets-explained = パスワードと鍵は OS のキーチェーンに保存され、インベントリには入りません。空欄のままにすると保存済みのものを使います。
node-url = アップロード URL（/ で終わる WebDAV フォルダーまたはフォームのアドレス）
node-upload = アップロード方法
node-upload-webdav = WebDAV (PUT)
node-upload-form = Web フォーム (multipart)
node-auth = 認証
node-form-field = ファイルを送るフォームの項目名
node-pexip-url = Management Node の URL
node-pexip-name = Pexip Infinity でのノード名（既定: この名前）
node-connection = 接続
node-test = 接続をテスト
node-testing = 接続しています…
node-host-key = SSH ホスト鍵: { $fingerprint }
node-tls-certificate = HTTPS 証明書 SHA-256: { $fingerprint }
node-check-then-pin = ノード側の値（ノードで ssh-keygen -lf、または Web ページ）と比べてからピン留めしてください。certdeck はピン留めした相手にだけ接続します。
node-pin = ピン留め
node-pinned = ピン留め済み: これを提示する間だけ certdeck はこのノードに接続します。
node-pinned-earlier = ピン留め済み: { $fingerprint }
node-logged-in = { $user } としてログインしました。ホスト鍵はピン留め済みです。
node-trust-title = ノードに送る信頼済み CA
node-trust-no-cas = インベントリにはまだ CA 証明書がありません。
node-save = 保存
node-needs-name = ノードの名前を入力してください。
node-needs-fqdn = ノードの FQDN を入力してください。
node-needs-path = 書き出し先のフォルダーを入力してください。
node-needs-user = ログインするユーザーを入力してください。
node-needs-certificate-path = ノード上の証明書の置き場所を入力してください。
node-needs-url = URL を入力してください。
node-bad-endpoint = { $endpoint } は host:port の形ではありません。
node-bad-port = { $port } はポート番号ではありません。

## Import review

review-title = インベントリーにインポート
review-reading = ファイルを読み込んでいます…
review-summary = 追加 { $added }、更新 { $updated }、変更なし { $unchanged }、問題 { $errors } になります
review-import = インポート
review-working = 処理中…
review-locked = { $file } はパスワードで保護されています
review-password = ファイルまたは鍵のパスワード
review-unlock = 開く
review-wrong-password = このパスワードでは開けません。
review-added = 追加
review-updated = 更新
review-unchanged = 保存済み
review-skipped = 保存しない
review-error = 問題
review-trusted = 信頼済み CA へ
review-paired = 秘密鍵と組み合わせ
review-replaces = 同じシリアルの保存済み証明書を置き換え
review-completes = 署名要求 #{ $request } を完了
review-pairs-stored = 保存済み証明書 { $count } 件と組み合わせ

## Push dialog

detail-push = 送信…
node-push = 送信…
push-title = ノードへ送信
push-title-certificate = { $name } を送信
push-choose = ノードを選んでください。各ノードにはドライバー経由で証明書（チェーン、鍵、パラメーター付き）と信頼リストが送られ、その後 TLS エンドポイントを確認します。
push-no-nodes = ドライバーが設定されたノードがまだありません。「ノード別」画面の「編集…」で設定してください。
push-no-certificate = 証明書も信頼リストもありません: 送るものがありません
push-will-assign = { $name } を割り当てます（現在の証明書を置き換え）
push-sends = { $name } を送信
push-planning = 計画しています…
push-see-plan = 計画を見る
push-plan-explained = まだ何も送信していません。各ドライバーは次の処理を行います:
push-plan-node = { $node }（{ $driver }）: { $subject }
push-run = 今すぐ送信
push-running = 送信中… キャンセルすると未開始のノードは飛ばし、処理中のノードは完了して確認します。
push-cancelling = キャンセル中: 未開始のノードは飛ばします。
push-waiting = 待機中
push-applying = 送信中…
push-applied = 送信済み
push-verifying = 確認中…
push-verified = 確認済み
push-rolled-back = ロールバック済み
push-failed = 失敗
push-endpoint-ok = ✓ { $endpoint } は新しい証明書を提示しています
push-endpoint-failed = ✗ { $endpoint }: { $detail }
push-then-verify = その後 { $endpoint } がそれを提示しているか TLS で確認（違えばロールバック）

## Notifications

notes-bell = { $count ->
    [0] 通知
   *[other] 通知 ({ $count })
}
notes-title = 通知
notes-none = まだありません。
notes-clear = 消去
notes-alarm = 新しいアラーム: { $alarm }
notes-new-alarm = certdeck: 新しいアラーム
notes-more-alarms = ほか { $count } 件のアラーム
notes-desktop-refused = デスクトップに通知を表示できませんでした（{ $reason }）。新しいアラームはここに表示します。
notes-desktop-no-service = このデスクトップでは通知サービスが応答しません
settings-notifications = デスクトップ通知
settings-notifications-on = 新しいアラームごとにデスクトップで知らせる
detail-assign = ノードに割り当て…

## Nodes screen

nav-node-list = ノード
nodes-list-title = ノード
nodes-list-explained = 各ノードへの接続方法、送信後に確認する TLS エンドポイント、ホスト鍵または証明書がピン留めされているかを示します。
nodes-list-no-endpoints = 送信後に確認する TLS エンドポイントはありません
nodes-list-endpoints = 送信後に確認: { $endpoints }
nodes-list-pinned = ピン留め済み: { $fingerprint }
nodes-list-not-pinned = まだピン留めされていません: フォームの「接続をテスト」を使ってください
nodes-list-remove = 削除…
nodes-list-folder = { $path } のフォルダーキット
nodes-list-ssh = SSH/SFTP（{ $user } として { $host } のポート { $port }）
nodes-list-https = { $url } への HTTPS アップロード
nodes-list-pexip = { $url } の Pexip Infinity API（ノード { $name }）
nodes-remove-title = ノード { $name } を削除しますか？
nodes-remove-warning = 証明書はインベントリーに残り、パスワードと SSH 鍵はキーチェーンから削除されます。ノード上のファイルはそのまま残ります。
node-removed = ノード { $name } を削除しました
nodes-check = 今すぐ確認
nodes-check-ok = { $node } は { $count } 個のエンドポイントすべてで証明書を提示しています
nodes-check-failed = { $node } は証明書を正しく提示していません（{ $detail }）
nodes-check-failed-word = 確認失敗
push-trust-only = 信頼リストのみ送信（CA { $count } 件）

# A push that never finished (certdeck was stopped mid-push): a banner over the window.
push-unfinished = { $count } 件の配布が完了していません（certdeck が途中で停止しました）: { $nodes } は変更途中の可能性があります。
push-unfinished-rollback = 元に戻す
push-unfinished-working = ノードで処理中…
push-unfinished-complete = 完了させる
push-resumed = { $node }: { $detail }

# ACME CA からの証明書: 更新画面、そのダイアログ、証明書取得ウィザード。
nav-renewals = 更新
word-yes = はい
word-no = いいえ
word-none = なし
dialog-cancel = キャンセル
challenge-dns01 = { $server } 経由の DNS-01 (RFC 2136)
challenge-manual = 手動の DNS-01
challenge-listen = { $listen } での HTTP-01 (このコンピューター)
challenge-webroot = ノードの { $webroot } での HTTP-01
renewals-title = 更新
renewals-explained = ACME 発行元を持つノードは CA から証明書を受け取り、自動で更新・配布・検証します — システムのスケジューラー (certdeck schedule install) またはここから。
renewals-renew-due = 期限のものを更新
renewals-get-certificate = 証明書を取得…
renewals-upcoming = 今後の更新
renewals-none = ACME CA から証明書を受け取るノードはまだありません。「証明書を取得…」で設定します。
renewals-due = 期限 { $date }
renewals-due-now = 今が期限
renewals-push-now = 新しい証明書が配布を待っています
renewals-hold = 取得済み。メンテナンス時間帯が始まると配布します ({ $date })
renewals-retry = { $failures } 回続けて失敗。{ $date } に再試行
renewals-rate-limited = CA がこのアカウントを { $date } まで制限しています
renewals-expires = { $date } に期限切れ
renewals-no-certificate = 証明書はまだありません
renewals-last-run = 前回の実行: { $outcome }、{ $when }
renewals-never-run = 未実行
renewals-renew-now = 今すぐ更新
renewals-edit = 編集…
renewals-remove = 削除
renewals-accounts = ACME アカウント
renewals-add-account = アカウントを追加…
renewals-no-accounts = ACME アカウントはまだありません。
renewals-account-active = 有効
renewals-account-deactivated = 無効化済み
renewals-account-limited = { $date } まで制限中
renewals-deactivate = 無効化…
renewals-dns-servers = DNS サーバー (RFC 2136)
renewals-add-dns = DNS サーバーを追加…
renewals-no-dns = DNS サーバーはまだありません。RFC 2136 による DNS-01 には必要です (TSIG シークレットはキーチェーンに保存)。
renewals-dns-line = { $server } のゾーン { $zone }、鍵 { $key } ({ $algorithm })
renewals-log = 更新ログ
renewals-no-runs = まだ何も実行されていません。
renewals-running = 更新中…
renewals-cancelling = キャンセル中: 進行中の注文は次の段階で止まり、未開始のノードは飛ばされます。
renewals-finished = 更新が終わりました
renewals-cancel = キャンセル
renewals-dismiss = 隠す
renewals-step-starting = インベントリを開いています…
renewals-step-waiting = 待機中
renewals-step-ordering = { $names } の証明書を注文中
renewals-step-proving = { $name } を証明中 ({ $how })
renewals-step-create-record = この DNS レコードを今作成してください
renewals-step-delegated = { $record } は { $target } に委任されています
renewals-step-waiting-dns = 権威サーバーが { $record } に応答するのを待っています
renewals-step-finalizing = 注文を確定中
renewals-step-downloading = 証明書をダウンロード中
renewals-step-pushing = 配布して TLS で検証中
renewals-record-explained = この TXT レコードをゾーンに作成してください。すべての権威サーバーが応答すると certdeck は自動で続行します:
renewals-copy-value = 値をコピー
renewals-copy-record = レコードをコピー
renewals-outcome-renewed = 更新済み
renewals-outcome-obtained = 取得済み、時間帯待ち
renewals-outcome-not-due = 期限前
renewals-outcome-waiting = 待機中
renewals-outcome-would-renew = 更新予定
renewals-outcome-would-push = 配布予定
renewals-outcome-failed = 失敗
renewals-note = { $node }: { $outcome } — { $detail }
renewals-account-added = ACME アカウント { $name } を登録しました
renewals-dns-added = DNS サーバー { $name } を追加しました。TSIG シークレットはキーチェーンにあります
renewals-issuer-saved = { $node } は今後 ACME で証明書を受け取ります
renewals-deactivate-title = ACME アカウント { $name } を無効化しますか?
renewals-deactivate-warning = CA はアカウントを永久に無効化します: 二度と注文も失効もできません。これを使うノードには別のアカウントが必要です。
renewals-remove-issuer-title = { $node } の ACME による更新を止めますか?
renewals-remove-issuer-warning = ノードは現在の証明書を保持します。以後、注文も配布も行いません。
renewals-remove-dns-title = DNS サーバー { $name } を削除しますか?
renewals-remove-dns-warning = TSIG シークレットはキーチェーンから削除されます。これを使うチャレンジのノードは、別のサーバーを設定するまで更新できません。
nodes-list-acme = ACME…
nodes-list-issuer = ACME: { $account }、{ $challenge } — { $next }。配布 { $window }
account-title = ACME アカウントを追加
account-explained = certdeck は CA にアカウントを登録し、その鍵を保管庫に封印します。新しい設定はまずステージング CA で試してください: 証明書は信頼されませんが、制限は緩やかです。
account-name = certdeck での名前
account-ca = 認証局
account-ca-other = その他の CA (ディレクトリ URL)
account-url = ディレクトリ URL
account-look-up = ディレクトリを読む
account-root = CA 自身の HTTPS のルート証明書 (内部 CA のみ)
account-root-placeholder = /path/to/ca-root.pem (省略可)
account-root-unreadable = { $path } を読めません: { $reason }
account-reading = CA のディレクトリを読んでいます…
account-directory-failed = CA のディレクトリを読めません: { $reason }
account-terms = 利用規約: { $terms }
account-eab = 外部アカウント連携 (EAB) の要否: { $needed }
account-ari = 更新情報 (ARI): { $offered }
account-profiles = プロファイル: { $profiles }
account-contact = 連絡先メール (CA が期限切れや障害について連絡します)
account-eab-kid = EAB 鍵 ID
account-eab-hmac = EAB HMAC 鍵
account-agree = CA の利用規約を読み、同意します
account-register = 登録
account-registering = 登録中…
account-missing-name = アカウントに名前を付けてください。
account-missing-url = CA のディレクトリ URL を入力してください。
account-missing-terms = CA の規約への同意が必要です。
account-missing-eab = この CA には、CA から渡された鍵 ID と HMAC 鍵が必要です (外部アカウント連携)。
dns-title = DNS サーバーを追加
dns-explained = TSIG 鍵で署名された RFC 2136 更新を受け付ける DNS サーバー (BIND、PowerDNS、Knot、Windows DNS)。シークレットはキーチェーンへ、残りはインベントリに保存されます。
dns-name = certdeck での名前
dns-server = プライマリサーバー (ホスト:ポート)
dns-zone = ゾーン
dns-key-name = TSIG 鍵の名前
dns-algorithm = アルゴリズム
dns-secret = TSIG シークレット (tsig-keygen が出力する base64)
dns-check-servers = 確認する権威サーバー (ホスト:ポート、省略可)
dns-check-servers-placeholder = 空欄ならゾーンの NS レコード
dns-save = 保存
dns-missing = 名前、サーバー、ゾーン、鍵の名前、シークレットが必要です。
issuer-title = ACME で証明書を取得
issuer-step-node = ノード
issuer-step-ca = CA
issuer-step-challenge = チャレンジ
issuer-step-options = 鍵と時間帯
issuer-step-review = 確認
issuer-node-explained = CA から証明書を受け取るノード。その FQDN と別名を注文します。変更はノードのフォームで行います。
issuer-node = ノード
issuer-names = 注文する名前: { $names }
issuer-names-label = 名前
issuer-node-no-names = このノードには証明書を注文できる FQDN も別名もありません。
issuer-ca-explained = 証明書の発行元となる ACME アカウント (つまり CA) と、CA が複数提供する場合のプロファイル。
issuer-account = ACME アカウント
issuer-profile = プロファイル
issuer-profile-default = CA の既定
issuer-profiles-reading = CA のプロファイルを読んでいます…
issuer-no-profiles = この CA はプロファイルを提供していません。
issuer-challenge-explained = ノードが名前を保有していることを CA に証明する方法:
issuer-challenge-dns01 = RFC 2136 更新による DNS-01 (_acme-challenge の CNAME 委任に従います)
issuer-challenge-manual = 手動の DNS-01: certdeck が TXT レコードを表示して待ちます
issuer-challenge-listen = このコンピューターが応答する HTTP-01 (ポート 80 が届く必要があります)
issuer-challenge-webroot = ノードのドライバー経由で Web ルートに置く HTTP-01
issuer-dns-server = DNS サーバー
issuer-dns01-hint = レコードは作成され、ゾーンの権威サーバーで確認され、注文が失敗した場合も含めて後で削除されます。
issuer-check-servers = 確認する権威サーバー (ホスト:ポート、カンマ区切り)
issuer-listen = 待ち受け (アドレス:ポート)
issuer-listen-hint = CA は各名前のポート 80 に接続します: このアドレスへ転送してください。
issuer-webroot = ノードの Web ルート (ノード上の絶対パス)
issuer-key = 鍵
issuer-key-new = 証明書ごとに新しい { $kind } 鍵
issuer-key-keep = 現在の証明書の鍵を使い続ける
issuer-key-csr = 機器自身の要求 (ここでは鍵を保持しません)
issuer-request = 機器の署名要求
issuer-window = メンテナンス時間帯 (曜日と時刻、現地時間)
issuer-window-any = いつでも
issuer-window-means = 配布は { $window } に行われます。証明書は事前に取得され、それを待ちます。
issuer-renew-at = 有効期間のこの割合で更新 (%)
issuer-renew-at-hint = CA が更新時間帯 (ARI) を示さないときに使います。67 % なら 90 日の証明書を 60 日後に更新します。
issuer-review-explained = certdeck は注文、証明、確定、インポート (鍵は保管庫に封印)、ノードのドライバーでの配布、TLS での検証を行います — 指示があれば今すぐ、そして期限切れの前に毎回。
issuer-back = 戻る
issuer-next = 次へ
issuer-save = 保存
issuer-get-now = 保存して証明書を取得
issuer-missing-node = ノードを選んでください。
issuer-missing-account = ACME アカウントを選ぶか、追加してください。
issuer-missing-dns-server = DNS サーバーを選ぶか、追加してください。
issuer-missing-check-servers = 確認するゾーンの権威サーバーを入力してください。
issuer-bad-listen = { $listen } は待ち受け用のアドレス:ポートではありません。
issuer-bad-webroot = Web ルートはノード上の絶対パスです (/ で始まります)。
issuer-missing-request = 機器の署名要求を選んでください (先にインポートしてください)。
issuer-bad-renew-at = 有効期間の割合は 5 から 95 のパーセントです。
renewals-schedule-on = 自動: システムのスケジューラーがこのインベントリに対して毎時 certdeck renew --due を実行します。
renewals-schedule-off = 自動ではありません: certdeck を閉じている間は何も更新されません。スケジューラーの毎時エントリを入れると自動で更新します。
renewals-schedule-unknown = システムのスケジューラーに問い合わせています…
renewals-schedule-install = 自動で更新する
renewals-schedule-remove = 自動更新をやめる
renewals-schedule-installed = システムのスケジューラーが毎時 certdeck renew --due を実行するようになりました
renewals-schedule-removed = スケジューラーのエントリを削除しました: certdeck を閉じている間は何も更新されません
renewals-schedule-failed = スケジューラーのエントリを変更できません: { $reason }
renewals-schedule-no-cli = コマンドライン版 certdeck がこのプログラムの隣にありません ({ $path })
renewals-deactivating = アカウント { $name } を CA で無効化しています…
renewals-removing = 削除しています…
renewals-step-rehearsing = まず { $account } で注文をリハーサルしています
renewals-step-rehearsed = { $account } でのリハーサルに成功しました。次はノード本来の CA です
issuer-rehearse = リハーサル先 (ステージングアカウント)
issuer-rehearse-none = リハーサルなし
issuer-rehearse-hint = 新しい設定や変更した設定は、まずステージングアカウントで一度注文します (その証明書は破棄)。成功したときだけノードの CA に依頼するので、誤りが本番の制限を消費しません。
issuer-rehearse-same = リハーサル用アカウントは別のアカウント (ステージング CA のもの) にしてください。
status-revoked = 失効
alarm-revoked = { $name } は CA により失効しています
reason-revoked = CA により失効しています: { $detail }
revocation-check = 失効を確認
revocation-checking = 失効を確認中: { $total } 件中 { $done } 件
revocation-cancelling = 失効確認を停止しています…
revocation-found = { $name } は { $date } から失効しています ({ $source })
revocation-unreachable = 失効状態を確認できませんでした: { $detail }
revocation-done = 失効を確認しました: { $checked } 件、失効 { $revoked } 件、状態不明 { $unknown } 件（最新 CRL も OCSP 応答もなし）
policy-title = ポリシーによる判定
policy-web = Web ポリシー (RFC 5280 に CA/Browser Forum の Baseline Requirements を加えたもの)
policy-private = プライベートポリシー (RFC 5280、社内 PKI)
policy-acceptable = 受け入れ可能
policy-not-acceptable = 受け入れ不可
policy-link = リンク { $position }: { $subject }
rule-serial-positive = シリアル番号は正の整数でなければなりません
rule-serial-length = シリアル番号が 20 オクテットを超えています
rule-aki-present = 認証局鍵識別子がありません
rule-aki-not-critical = 認証局鍵識別子がクリティカルになっています
rule-ski-present = サブジェクト鍵識別子のない CA 証明書
rule-ski-not-critical = サブジェクト鍵識別子がクリティカルになっています
rule-ca-subject = サブジェクトが空の CA 証明書
rule-keycertsign-needs-ca = keyCertSign がありますが CA ではありません
rule-san-critical-without-subject = サブジェクトが空なのに別名がクリティカルではありません
rule-dns-name-syntax = 推奨名前構文に従わない DNS 名 (アンダースコアなど)
rule-anchor-basic-constraints = 信頼された CA に CA とするクリティカルな基本制約がありません
rule-ca-keycertsign = CA の鍵用途で証明書に署名できません
rule-critical-extensions-known = 信頼された CA に certdeck が知らないクリティカル拡張があります
rule-anchor-valid = 信頼された CA が有効期間外です
rule-name-constraints-in-ca = エンドエンティティ証明書に名前制約があります
rule-name-constraints-critical = 名前制約がクリティカルではありません
rule-name-constraints-syntax = 空または不正な名前制約
rule-policy-constraints-critical = ポリシー制約がクリティカルではありません
rule-crl-number = 正しい CRL 番号のない CRL
rule-crl-signer = CRL に署名できない CA が署名した CRL
rule-max-chain-depth = 許可された数より多い中間証明書
rule-aia-syntax = 空または不正な認証局情報アクセス
rule-eku-present = 拡張鍵用途がありません
rule-eku-not-critical = 拡張鍵用途がクリティカルになっています
rule-eku-not-any = 拡張鍵用途に anyExtendedKeyUsage が含まれています
rule-root-without-eku = 拡張鍵用途を持つルート CA
rule-key-strength = Baseline Requirements が禁止する鍵 (2048 ビット未満または 8 の倍数でない RSA、DSA、P-192)
rule-san-not-critical = サブジェクトが空でないのに別名がクリティカルです
rule-wildcard-not-public-suffix = パブリックサフィックスに対するワイルドカード
rule-common-name-in-san = コモンネームが別名のいずれとも表記が一致しません
rule-root-aki = ルートの認証局鍵識別子が自身の鍵識別子だけではありません
node-policy = 判定ポリシー
node-policy-auto = チェーンのルートによる
node-policy-web = Web (Baseline Requirements)
node-policy-private = プライベート (RFC 5280)
column-revocation = 失効
revocation-not-revoked = 有効

## 概要 (ホーム画面)
nav-overview = 概要
overview-title = 概要
overview-certificates = 証明書 { $count } 件
overview-expiring-title = 期限切れの予定
overview-weeks = 今後 13 週間
overview-months = 今後 12 か月
overview-by-kind = 種類別
overview-by-node-role = ノードの役割別
overview-expired = { $count } 件は期限切れ
overview-unassigned = ノードなし
overview-nodes-title = ノード
overview-no-nodes = ノードはまだありません。「ノード」で追加してください。
overview-days-left = 残り { $days } 日
overview-renewals-title = 次の更新
overview-no-renewals = 自動更新される証明書はまだありません (更新)。
overview-renewal-failing = 前回の実行は失敗
health-no-certificate = 証明書なし
health-failing = 失敗
health-drift = 別の証明書を提供中
health-expiring = まもなく期限切れ
health-unverified = 未検証
health-verified = 検証済み
narrowed-expiring = { $from } から { $to } までに期限切れ
narrowed-status = 状態: { $status }
narrowed-clear = すべて表示
