from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS `api_tokens` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(100) NOT NULL,
    `scopes` VARCHAR(100) NOT NULL,
    `secret_hash` VARCHAR(64) NOT NULL UNIQUE,
    `visible_prefix` VARCHAR(12) NOT NULL,
    `expires_at` DATETIME(6) NOT NULL,
    `last_used_at` DATETIME(6),
    `revoked_at` DATETIME(6),
    `created_at` DATETIME(6) NOT NULL,
    `created_by_id` INT NOT NULL,
    `family_id` INT,
    CONSTRAINT `fk_api_toke_users_96357499` FOREIGN KEY (`created_by_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_api_toke_families_62f66504` FOREIGN KEY (`family_id`) REFERENCES `families` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4;
        CREATE TABLE IF NOT EXISTS `idempotency_keys` (
    `id` BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `key` VARCHAR(255) NOT NULL,
    `fingerprint` VARCHAR(64) NOT NULL,
    `status` INT,
    `content_type` VARCHAR(100),
    `body` LONGBLOB,
    `created_at` DATETIME(6) NOT NULL,
    `user_id` INT NOT NULL,
    UNIQUE KEY `uid_idempotency_user_id_bc4599` (`user_id`, `key`),
    CONSTRAINT `fk_idempote_users_b36971d2` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    KEY `idx_idempotency_created_944834` (`created_at`)
) CHARACTER SET utf8mb4;
        CREATE TABLE IF NOT EXISTS `push_notifications` (
    `id` BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `event_id` BIGINT NOT NULL,
    `kind` VARCHAR(32) NOT NULL,
    `payload` JSON NOT NULL,
    `urgency` VARCHAR(8) NOT NULL,
    `send_after` DATETIME(6) NOT NULL,
    `attempts` SMALLINT NOT NULL,
    `claimed_until` DATETIME(6),
    `pending_subscription_ids` JSON,
    `expires_at` DATETIME(6) NOT NULL,
    `created_at` DATETIME(6) NOT NULL,
    `user_id` INT NOT NULL,
    UNIQUE KEY `uid_push_notifi_event_i_06c2c2` (`event_id`, `user_id`),
    CONSTRAINT `fk_push_not_users_c7786321` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    KEY `idx_push_notifi_send_af_639935` (`send_after`, `claimed_until`)
) CHARACTER SET utf8mb4 COMMENT='A push owed to one user for one event, until it is sent to his subscriptions or given up.';
        CREATE TABLE IF NOT EXISTS `push_preferences` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `disabled_kinds` JSON NOT NULL,
    `quiet_start` SMALLINT,
    `quiet_end` SMALLINT,
    `updated_at` DATETIME(6) NOT NULL,
    `user_id` INT NOT NULL UNIQUE,
    CONSTRAINT `fk_push_pre_users_719174fe` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='What a user chose: the kinds he turned off and his quiet hours. No row: every kind on, never quiet.';
        CREATE TABLE IF NOT EXISTS `push_subscriptions` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `endpoint` VARCHAR(2000) NOT NULL,
    `endpoint_digest` VARCHAR(64) NOT NULL,
    `p256dh` VARCHAR(100) NOT NULL,
    `auth` VARCHAR(32) NOT NULL,
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `user_id` INT NOT NULL,
    UNIQUE KEY `uid_push_subscr_user_id_f93b45` (`user_id`, `endpoint_digest`),
    CONSTRAINT `fk_push_sub_users_9eb2d76e` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='One browser or app of one user (a W3C ``PushSubscription``); the endpoint is a secret capability URL.';
        CREATE TABLE IF NOT EXISTS `webhook_endpoints` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `url` VARCHAR(2000) NOT NULL,
    `event_types` JSON NOT NULL,
    `description` VARCHAR(500) NOT NULL,
    `secret` VARCHAR(100) NOT NULL,
    `enabled` BOOL NOT NULL,
    `disabled_reason` VARCHAR(500),
    `disabled_at` DATETIME(6),
    `consecutive_failures` INT NOT NULL,
    `failing_since` DATETIME(6),
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `created_by_id` INT,
    `family_id` INT NOT NULL,
    CONSTRAINT `fk_webhook__users_0de9757f` FOREIGN KEY (`created_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_webhook__families_2a8370b8` FOREIGN KEY (`family_id`) REFERENCES `families` (`id`) ON DELETE CASCADE,
    KEY `idx_webhook_end_family__c50500` (`family_id`, `enabled`)
) CHARACTER SET utf8mb4;
        CREATE TABLE IF NOT EXISTS `webhook_deliveries` (
    `id` BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `event_id` BIGINT NOT NULL,
    `event_type` VARCHAR(32) NOT NULL,
    `body` LONGTEXT NOT NULL,
    `status` VARCHAR(16) NOT NULL COMMENT 'PENDING: pending\nFAILED: failed\nSUCCEEDED: succeeded\nGIVEN_UP: given_up',
    `attempts` INT NOT NULL,
    `failed_attempts` INT NOT NULL,
    `next_attempt_at` DATETIME(6),
    `last_response_code` INT,
    `last_error` VARCHAR(500),
    `last_duration_ms` INT,
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `endpoint_id` INT NOT NULL,
    UNIQUE KEY `uid_webhook_del_endpoin_a67239` (`endpoint_id`, `event_id`),
    CONSTRAINT `fk_webhook__webhook__52ba6fb8` FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints` (`id`) ON DELETE CASCADE,
    KEY `idx_webhook_del_endpoin_8180f2` (`endpoint_id`, `status`, `id`),
    KEY `idx_webhook_del_status_d0f04a` (`status`, `next_attempt_at`)
) CHARACTER SET utf8mb4 COMMENT='One event owed to one endpoint; the body is kept as signed, so every retry sends the same bytes.';
        CREATE TABLE IF NOT EXISTS `webhook_attempts` (
    `id` BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `number` INT NOT NULL,
    `attempted_at` DATETIME(6) NOT NULL,
    `response_code` INT,
    `error` VARCHAR(500),
    `duration_ms` INT NOT NULL,
    `delivery_id` BIGINT NOT NULL,
    CONSTRAINT `fk_webhook__webhook__9bf40d4c` FOREIGN KEY (`delivery_id`) REFERENCES `webhook_deliveries` (`id`) ON DELETE CASCADE,
    KEY `idx_webhook_att_deliver_b8d516` (`delivery_id`, `number`)
) CHARACTER SET utf8mb4 COMMENT='The log of a delivery: one row per request made (or refused).';
        ALTER TABLE `events` MODIFY COLUMN `type` VARCHAR(32) NOT NULL COMMENT 'ASSIGNMENT_COMPLETED: assignment_completed\nASSIGNMENT_APPROVED: assignment_approved\nASSIGNMENT_REJECTED: assignment_rejected\nCHORE_AVAILABLE: chore_available\nBALANCE_UPDATED: balance_updated\nACTIVITY_CREATED: activity_created\nWEBHOOK_ENDPOINT_DISABLED: webhook_endpoint_disabled\nENTRY_REVERSED: entry_reversed';
        ALTER TABLE `ledger_entries` ADD `reverses_id` INT UNIQUE;
        ALTER TABLE `families` ADD `timezone` VARCHAR(64);
        ALTER TABLE `ledger_entries` ADD CONSTRAINT `fk_ledger_e_ledger_e_5bfea006` FOREIGN KEY (`reverses_id`) REFERENCES `ledger_entries` (`id`) ON DELETE CASCADE;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `ledger_entries` DROP FOREIGN KEY `fk_ledger_e_ledger_e_5bfea006`;
        ALTER TABLE `events` MODIFY COLUMN `type` VARCHAR(32) NOT NULL COMMENT 'ASSIGNMENT_COMPLETED: assignment_completed\nASSIGNMENT_APPROVED: assignment_approved\nASSIGNMENT_REJECTED: assignment_rejected\nCHORE_AVAILABLE: chore_available\nBALANCE_UPDATED: balance_updated\nACTIVITY_CREATED: activity_created';
        ALTER TABLE `families` DROP COLUMN `timezone`;
        ALTER TABLE `ledger_entries` DROP COLUMN `reverses_id`;
        DROP TABLE IF EXISTS `webhook_attempts`;
        DROP TABLE IF EXISTS `webhook_deliveries`;
        DROP TABLE IF EXISTS `webhook_endpoints`;
        DROP TABLE IF EXISTS `idempotency_keys`;
        DROP TABLE IF EXISTS `push_notifications`;
        DROP TABLE IF EXISTS `api_tokens`;
        DROP TABLE IF EXISTS `push_preferences`;
        DROP TABLE IF EXISTS `push_subscriptions`;"""


MODELS_STATE = (
    "eJztXW1zm0gS/iuUPmWrfKlEthyf9+qqZJtktStLLktOLhdfsQhG9pwRsLw40d3tf78ZXg"
    "QMMwgkhGE8X5wIpgd4et766Z6e//ZWlg4M9+1Q8+Az9Na9c+m/PVNdAfSf3L0jqafadnIH"
    "X/DUhREUVsNSEASX1YXrOegSurNUDRegSzpwNQfaHrRMdNX0DQNftDRUEJoPySXfhH/4QP"
    "GsB+A9Agfd+PYvdBmaOviBKkc/v/V8FzgK1PGTNAeoHtAV1euhYt/QCzlIUCkosVRX0Fgz"
    "bkafsVa8tQ3IAvg97CdlCYGhZ5AK6wquh4Lo2sj0PgYF8WcuFM0y/JWZFLbX3qNlbkpD08"
    "NXH4AJHPw8dM1zfIwbhiUCOYYyhCgpEmKTktHBUvUNL4XzQkmu9RRlMp0rM3muKL0KmtEs"
    "E2sVvaobfP0DfoW/9N+ffDg5Oz49OUNFgtfcXPnwZ/joBJhQMIBnMu/9GdxXPTUsESg3AT"
    "Wniiy+l4+qQwc4J0hgjT6CxDpGtgjs+EKCdtK0m4B7pf5QDGA+eI/o5+BdAbafh7eXvwxv"
    "3wze/YQfaKGeGHbSSXSnH9zC8Cdwp18rB/Yc/GC0ZkKMC6gLoJ3L/5jjmleu+4eRhvTN9f"
    "AfAdqrdXRnPJ18iounVHA5nl4Q0G8aLO4LefB/nU0nW1p6LEjAr0PNk/4nGdDNjS51qaH3"
    "t6VvahhhaeFDw4Om+xY/9u+95pWDgSpWDqkHDJnleg9OUEtQAamc1ASQ08wVuuPBFaBrJy"
    "tJqiYSfRv/p4P9pIc+UJ+axjqaeYr6zehans2H1zcZ/VwN5zK+0890nPjqm1NCZ5tKpC+j"
    "+S8S/in9czqRSTVuys3/2cPvpPqepZjWd0XVU5NkfDVGLaP1zCKh5MSekdk+v1MUHL1Za/"
    "RbywyfgJpfm5VENi8o4M3DWx3XfQFt3YBUA6J4kb98oq5IMVx5dD9aDoAP5m9gHYA8Qm+k"
    "mhpt4RkZVHdRNR0D98+49cRXkx7lqN83VlG6UaFvR18MvHDBPpxdDq/kHmtIaA7Zlo0DZY"
    "HNj4IZfNFrSJO78bhHmchqwPbjpiI+0c3M3gxg8diwULWn76qjK5lBAt+x+hZxZVM2f2vV"
    "X5FXVFN9CPDBH4JfOyZgbDi3noDZo5Ez8b2jQnLGhoqHix2enBEcSZMcSfBvDlY2NRKX58"
    "JMzzIi79+VoURQKSYnEtzLLqlczbJDRrMswomEwLgkxgAZyp7yqLqPlYDOitWD9ssOFhms"
    "T09KQH16wkQa38oC/QxdiL5bsR2whD+qYJ2X5LFx98u07T67afdJwMEPGzrA3YE6ykpySB"
    "11hCqKMSnkigzVDVblu3CEpGwNqm7n+psLTTvgGa2id9FzVlJouc1aFow/e8bkl/GPdbeo"
    "yPrn5ASTSuGmhT/l8PS0oPriFrQz1UflqJMeLsj/bdDmRkM6vC9DpAbYU0jUWCdsAhVz7o"
    "I75Ys7xTpl8KeqC2bAdKEHnwGbFUlXwB39VI3q26zk0jeky+l4jFZ2ku8tz1aLE2UBzQq8"
    "IFip0KjCUm0EdlIGOZe1SBf9waCELlApJjcV3MvCi4lTNFDbqut+txzKAMMGmiLKJR94Vo"
    "oQPCtgBM9I1KGLYHOASTEtLyzLAKrJGNTTcgTYCyR4KLQ3V5rlDC6m03HGbrwYkXGUd9cX"
    "MoI/AB8VguEKI295IOSCMEnKOL8N8USuQcTjYaazgC9UAy+BFQ3gx+ZBhw/MpUtOtDlb+t"
    "1hVzF/7fePjz/03x2fng1OPnwYnL3bLGfyt4rWNRejTxjyjGryOhAUFlsh/FJYvq3vqPWs"
    "pNB6W7RO4aujt28/tdY9WzHBNFxrVcM0IyMw3cZWspbBLxf02SS4Zfm0TKPqaLhnG3HdL9"
    "qTjF/GM2dm/yux5I0q+fjbLTBUxlY5ym5bPth32la3JmFq21KkHE6ZiN09cErFB/OIk/YI"
    "Dd0BlC2rVVDia99AtiG5Lhr3VwxbvAJGl49oChluauO3QVk48C4yg2uAjFegwDNemDhAA+"
    "gBe7YtGdd1CzRoQ46blgH0B+Ao6AsdNP8pK1WncZIVYBsHFcqoPl6XC1nImkSrky0M6mBl"
    "Wx4wtbXyBNZ7AjZKakN2A6+Y2b77qJiWB5dQCwDZE7UbVN8kVR3XuLn+YvOEGnCbparjFb"
    "fvYPFoWU9oTNNtC+69LPsSVidHtXE0D1SKBCLaJd6oApBZoBVNGlMTzC30p1zbvMlWyRHI"
    "FSKoSCOAEkxFsRPYcVXBalshbJR6Y6y+RQ8JqZ7wUSD4GST8St+0LctQXMOKUn1lUo6ly0"
    "FkH1grGzNG8W/0iY71DKJK008hywcF0hKBtixDt76beFBwRaqxxkPBSIVWCxPIiIrYjIqx"
    "GaluUDE6IyUpUK+AetReIaa9ETiVIwTy4mI/U3v8w/mwgLCjqMZO2s4JC113QtcOCFbJOw"
    "RhMavgaAtOw+FYDvg3CHIkIkxVt1qCTZpsLQHOLe51h0iymVtjV5728vJiLGzzWKit8UNz"
    "ambv5IzLcxN1Wl881MYyzsE5W6mGwQ6KSgtyNIEc9z+cbkDFP4rwnF0Px2MRpMt/uKYI0n"
    "2NWi8TpEswgiVnJEJKZBagsRkpYrbsRJ/mfAWmW0N1tTiOZc+YUt7iYY7Ize+pdrU9rUDc"
    "uWsAlvOkAsQwWDWlQBvCSVq2iq3H6bqL87DHchmWcBQ2cbRQJjAcuooOXfwOsbcQL7wth3"
    "U7cWQq+BuCBrapT/j0GvXpedCjWf/sXe0bAQ73svdLZXPoFyRu7ecTNIgTg16MzNyd3a+F"
    "1G8j19Uwpb+C5h4+Fpo0R+xY07pAQ90euqBIC13sqgu0JnJU8wFEkFJUsSWsg5QWoR2VQj"
    "siJ5Wu0qK/2YwIKcfNtFAbz4SbJtB8J3ho9VadFhVNukKTXjoAfa6pUTY1s9fyGSEevOWH"
    "Pv0zbcpWbtxpSdG2K7RtGl+Qa+Gy6a9yPCDFTZCppjmrquciHI34pcoqojcbTT6N5XMplL"
    "43r+/G85EymlzJNzL6M5mfSytUEVTws22A/pjevXk3Gc5mo08T+epc8s2IFwzbZGWLuJRB"
    "XGAPk11IuHPZ0HfTsSfcua9R62XcuVkeuOwiOyMkHI8iTfzLeHPDZijcjqVymVvlzzJtY+"
    "6lVgJbV/IlkdukK9kUOtJQD+r+DpKc9Cju7/DGUZH7O0i20oT72/YXBgyye4fL0nibrKVh"
    "/iq8XM2RXUS9c+bLboRqL/B4YwBz+JejEGLZNntje6Htfy1P5srl9PpmLM8xD5BiPzY7ce"
    "/NVNnhzc3t9DNRNN49mil5K/8qX5KVhhtwcMnLX6a3sjL8PByNhxeYvIi2rz+rMIDi3rwY"
    "joeTS1m5u8FWCqonzmgdGXvoaZfz0efR/KtyeSuHRaKUeOs459S9+UW++GU6/U2RJ1c3U6"
    "R35Wo0ww9EhcnsERvu7d5EH3D7FX3CZ/l2hoviYX6N3v4ZOO5uHMlxmRMxj9knYh7nTsTE"
    "bTffRH+dTSeMWIGoPGkdQ82T/iehkepgc3Xvb0vfDPZdSQsfGh403bf4sX+vSHTVwThifD"
    "KGcS6EgIwWOMpavLgCMoQgPaLnNFLMXBCiHFIX3aUq8gwVOaVX0TQpKza8tVnTgj0Rh+xx"
    "Z+Q7cVpIkWPypYzWBDWW9ZrBdYsZq2Q1utWg7U1NIOGz1iTVMKzvQJc8Swryjj4DyUL3gl"
    "p/lt7gMkfhr58k6ErIyJU01dMe/+LbUqC0t+QquO66qfmnsGzUD0IA4mDwXY/+EyZ1Uyb1"
    "Rl+VdJCW4snN03AoYarflFzMpCR4wv1QaxkQE497LmU2BGbH4C27lEn35+1uID/yignnWh"
    "Gmqa7apiOC024NymKH8HqwVzp5V0vdWS1TDGUIY5i+hJa5EqJ2GJZ5QneCsknEUbhxTUsc"
    "nbQyYutak1vXYg3sQuTHsq0m8m/lL8Pbq3MpjPK/N4dXv97N5tdB1J+q/9t3vVUQ7ncz/D"
    "q9Q9dsdW353i4Udv1hfurK8rGrYYfEaoQkT0uUxhOqVU+jtlfytN18CC/gKzhM7rRGM2m1"
    "jPCqPWGJiBPmLGK0TJxweoVVshelRURHKtw9sUNWpdWeHA3n4KathrKjfkqEp7VNp1NVcd"
    "5Mo/AWtxqqhFQtwHbeIi1MAAYNCr6C0yLzfyUDYIn8X1qjUfgtGwhK5/7SGCH49POPm05V"
    "11FUmZnq6KiqmdD4OqCtFGzfUZBz68zKURB5pjs/8+U1Ep9rVVIf+0Xyv+i0V1YTxHxfwu"
    "GwBXVdWVBigKofLMbvLooKPpcoEoribklipNieliDO6CA+ln1CNIQPZE8fSPBvDlZ2xo+4"
    "PH/JPvqDQRkfxmDAdmLge0S+D/MZegDhx8o6wWi9WbF6qPSXbccZrM9KIH3GxPmsAGUF/L"
    "AhPlm8Ou3LrkWEY7c5HBtr4D+WWTEJaSLD31B2elKif52eMDsYviWcKcKZIpKu8KZ1yoC6"
    "MSVyJvHWvADhjsq997gPo52Z3Rt2S6UDUG2I7J0nsO/J7UMbznE1nMK0AqsFsvn3w4gvkj"
    "ZPudaRgINTfJLcDXtuXuIUH3JL+55QfQmrk6PaOjiFv8hGr5EOVrbl4ZypvwEqGUeUOCoi"
    "5WBSVnkC64MEQKciyNEjaIHPuwYwi/1V+F4T+6ueQKW0vlHxNsc2t4nkW6LnA8d2IM1vV5"
    "A8OSvGIdr18xCup3p+lYzriYAI66HlsTc97DdlpzRikDqEHH8U2vtSJ/m8LzjJ533+JJ+F"
    "pdPcmdBUnTUd6FiCTPe99kJToFsQF81rUTqdDT+CcLwYTYa3X+kB9ReU9DsXX+fyUBCXnF"
    "NYpYhLsaX5sJGKYvNthzff3vju48Ty4BJqavTpOSs0V+aoyA61UWnUGZPiJVOODCUsKcUZ"
    "Qaw4S8jScpK0IEeSb3rQkKCHM4K46Aou+4j/7y821bkSknmASEDy7XwCkoM+iWo3p3ezxw"
    "0hbzyjh6ApZumF/UAzVDSX6ErwGsKabqk1LbKVvOCWVPambQaX0YGN2jvaKPXnDbXVtWGp"
    "FHzZqUNTIs1nD30ZW+UgeUJ956Hq6VspEQ5bd80xYtmJtoohmJXk0BDsiOFXKhhM9Tywsm"
    "nOrdlKNQz2ZtWUHDeHMh73P5xuJmP8o2j6nV0Px2MKRZhZklbsOjlhEUnZ5s6Dz39D36qk"
    "rR20YqV0poL1QEEdey0QuqP3g6wPdo9rrj2WWcxfh+uCgq9+FWoWBLUgqAVBXURQ3zhgCR"
    "xk30Zap/DT6SJHW+lpmyi9lZz+8qh6khrSxNqj5YLzIB01JpRcCf3H8x0T6JK1XEqqqQc0"
    "8R8+BJ70aPmO+1aaWJJjfT/H1LKzDsQkyzySTPw7LJmnqRt6ptiF2a5dmPHpQkqg6CrL7b"
    "xkO87wwc/j5gyfoOMoaK5wKKuyYl6BEOUoCKkOciFEB9AY/TKwAiq1/9pBFbu22Ch3M+SF"
    "tWurZRZF56foCrvgilLG0G2PiulidrU8OpEopprdsbctMUtxkT2GMZEps92ayASElLMn8B"
    "k4C7Q6x2t7y5HQA9A6PolEeaNKX44vpd9/J9/m999/+jmwAuKdOzg4RZVcoDlo4a+ptrqA"
    "BvTW0t3tmH7yTiNP3XomT3KU5gNwvf2O5hEWx54WB0jt2yrrb07LcOhw7r8rFfONixXksc"
    "9HfZMNfwfEU6IcAl//NhG7PzjVH6sgnUhwCPBBNjOgxWglhOPyHOJbfyCWcAOxoe+mDSfy"
    "rbxGrXfEcn9p5QpfYNds8sZ8gVGeiWEYn9ejWO9EiaMi2z1OgpEO99tuuc+RGWxYD9hwVi"
    "VUJ8TetfPAiEaWtWQjO9oBSNmuJ61UHUhvLHxhiRDVf8pb5HvXtt17960X1xtp1PRxch2x"
    "o6SlO0oi9ZSfARIBMQHQjqwJu/dOSylSlsPFVHcXT/k1M6rKRl/HyrFbcDYJIceRF7G2fg"
    "Qch3Z2RgFhFQvwlxFiUIpEGRSQKIM8iaL7TrBfVllVSWpCSIkpgNJ0iQVQ+ZUNIcgTuA2s"
    "cgrMsBjYGkyxaMl/laqxYxopa5URrbGFltlGCWzTLK2n7bZZ9Mllz5oIPJzB5urM7v7YdR"
    "I6MXEeHezAfAK2J6muhE+MAfqR5FpRqKQDPPQXb/VzAwEXfYgUpNmhu1QP/UB6SoHYHRR5"
    "VOMd5fm0AkTJJAsWLo1PIk+umOCHF9vDIodfe21EkXXgBbMOhDDG6c5Kr4af906S1jr4D+"
    "z4oqdIY583zkiQ1k1wi+zyQ5w3zsqmiFu0bPqr3Gosuy+elVrxgODH20t71TTQu5EnV6PJ"
    "p3Mpkr83Pw5HY/kKPwMaQL83Z3eXl7J8hS+5vqYBoOOrn0af5Ylyd3MeJvxRfJtcDZTyv5"
    "+Wcb+TLErK+36ac74zt7m/rh3utZmLYTNQdsCVIingJeElF5k5eIs5WYq4yCTQZlbWUF1P"
    "2ZWapQsLfjbfrQKkKpO0WSnB1JZiagPQdqNraaKiNVNSzYigN87Cn0TQ22vUepmgN4KgLD"
    "mSElI8EVqHCn5jb/TY1evC4ZE/R4TXhWhnVb0uOTtdMawHCm9b/bilVJAbJ9Af9LQlssWy"
    "XVTpRr3dRZU5Q+ugp6F/Cw9eX2820QXZHio6aV6Lh+Zgu+V8h5L6sCgxKy3ZYTc56Yb2yG"
    "08JZWynxBiIvVJsYtgh9Qn6des0AMIsQYdBIcCvgGKIdxbXQXmRILDseYguxbjCTS/GLMs"
    "A6gmy+7YSJEnMSGxQyEdz6ANn8Q0nY4zw8jFiHQl3l1fyAj5AHdUCHoMr/kmORWyY92KA0"
    "heVBCV5UJKY+SqEyqEqHCxtIdAyfNm+NOA5nvwGSjYB+lTT4dmLv1Z4sJ3SXMNBxmtYcSO"
    "VOlSOWHRqVrdqYQLgjMyWrggXqPWy7gg4h67oO8RYc+cpJzw5dImzRRrWTqSKiUjfDvbfT"
    "shYDV4dj5uKuoYwGUdOpmmRXfn0IeGGsAtmTeiZQNCWWRzo2EGXfQW0uRuPC7nLcvu/Nnb"
    "Wcbh9rCDesuGCHrtsUdxkkV3jop8Y2pS5pAOMeH4atLxhbqPW5H6T4lwSEr3B4My/q/BgO"
    "3+wveIaH7broJwVJxDdA9C+aMneoAWAMP2K6ZExKGmFb2HufVqk7uT//w/cLCAlQ=="
)
