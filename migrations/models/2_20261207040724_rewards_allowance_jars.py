from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS `allowance_payments` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `period_start` DATETIME(6) NOT NULL,
    `period_end` DATETIME(6) NOT NULL,
    `amount_cents` BIGINT NOT NULL,
    `mode` VARCHAR(16) NOT NULL COMMENT 'UNCONDITIONAL: unconditional\nALL_OR_NOTHING: all_or_nothing\nPROPORTIONAL: proportional',
    `chores_due` INT,
    `chores_approved` INT,
    `explanation` LONGTEXT NOT NULL,
    `created_at` DATETIME(6) NOT NULL,
    `child_id` INT NOT NULL,
    `entry_id` INT UNIQUE,
    UNIQUE KEY `uid_allowance_p_child_i_ad5dd8` (`child_id`, `period_start`),
    CONSTRAINT `fk_allowanc_users_7e95e3f4` FOREIGN KEY (`child_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_allowanc_ledger_e_95de407b` FOREIGN KEY (`entry_id`) REFERENCES `ledger_entries` (`id`) ON DELETE SET NULL,
    KEY `idx_allowance_p_child_i_9efcc7` (`child_id`, `period_end`)
) CHARACTER SET utf8mb4 COMMENT='One settled allowance period of a child: paid with its ledger entry, or settled at zero, and why.';
        CREATE TABLE IF NOT EXISTS `allowance_plans` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `amount_cents` BIGINT NOT NULL,
    `period` VARCHAR(10) NOT NULL COMMENT 'WEEKLY: weekly\nBIWEEKLY: biweekly\nMONTHLY: monthly',
    `weekday` SMALLINT,
    `day_of_month` SMALLINT,
    `start_date` DATE,
    `pay_minute` SMALLINT NOT NULL,
    `mode` VARCHAR(16) NOT NULL COMMENT 'UNCONDITIONAL: unconditional\nALL_OR_NOTHING: all_or_nothing\nPROPORTIONAL: proportional',
    `schedule_since` DATETIME(6) NOT NULL,
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `set_by_id` INT,
    `child_id` INT NOT NULL UNIQUE,
    CONSTRAINT `fk_allowanc_users_30cd5414` FOREIGN KEY (`set_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_allowanc_users_5eff040a` FOREIGN KEY (`child_id`) REFERENCES `users` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='The allowance of one child: how much, when (in the family time zone) and on which condition.';
        CREATE TABLE IF NOT EXISTS `jars` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(30) NOT NULL,
    `percent` SMALLINT NOT NULL,
    `is_spend` BOOL NOT NULL,
    `position` SMALLINT NOT NULL,
    `goal_title` VARCHAR(100),
    `goal_target_cents` BIGINT,
    `balance_cents` BIGINT NOT NULL,
    `removed_at` DATETIME(6),
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `child_id` INT NOT NULL,
    CONSTRAINT `fk_jars_users_2391b824` FOREIGN KEY (`child_id`) REFERENCES `users` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='One savings jar of a child: its share of each credit and an optional goal. A removed jar is kept,';
        CREATE TABLE IF NOT EXISTS `jar_transfers` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `amount_cents` BIGINT NOT NULL,
    `note` LONGTEXT NOT NULL,
    `created_at` DATETIME(6) NOT NULL,
    `actor_id` INT,
    `child_id` INT NOT NULL,
    `from_jar_id` INT NOT NULL,
    `to_jar_id` INT NOT NULL,
    CONSTRAINT `fk_jar_tran_users_65c4dff3` FOREIGN KEY (`actor_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_jar_tran_users_f7ded656` FOREIGN KEY (`child_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_jar_tran_jars_3d4925f2` FOREIGN KEY (`from_jar_id`) REFERENCES `jars` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_jar_tran_jars_e0e2f495` FOREIGN KEY (`to_jar_id`) REFERENCES `jars` (`id`) ON DELETE CASCADE,
    KEY `idx_jar_transfe_child_i_89d385` (`child_id`, `created_at`)
) CHARACTER SET utf8mb4 COMMENT='Money moved from one jar of a child to another, by a parent or by the child himself.';
        CREATE TABLE IF NOT EXISTS `jar_movements` (
    `id` BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `kind` VARCHAR(10) NOT NULL COMMENT 'OPENING: opening\nENTRY: entry\nTRANSFER: transfer',
    `amount_cents` BIGINT NOT NULL,
    `created_at` DATETIME(6) NOT NULL,
    `child_id` INT NOT NULL,
    `entry_id` INT,
    `jar_id` INT NOT NULL,
    `transfer_id` INT,
    CONSTRAINT `fk_jar_move_users_9aec961b` FOREIGN KEY (`child_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_jar_move_ledger_e_f5bb905a` FOREIGN KEY (`entry_id`) REFERENCES `ledger_entries` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_jar_move_jars_c6cebdd0` FOREIGN KEY (`jar_id`) REFERENCES `jars` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_jar_move_jar_tran_2db86428` FOREIGN KEY (`transfer_id`) REFERENCES `jar_transfers` (`id`) ON DELETE CASCADE,
    KEY `idx_jar_movemen_child_i_88c9d3` (`child_id`, `jar_id`)
) CHARACTER SET utf8mb4 COMMENT='Signed cents into (or out of) one jar: part of a ledger entry, one side of a transfer, or the opening.';
        CREATE TABLE IF NOT EXISTS `jar_settings` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `child_can_transfer` BOOL NOT NULL,
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `child_id` INT NOT NULL UNIQUE,
    CONSTRAINT `fk_jar_sett_users_6ef3d2fa` FOREIGN KEY (`child_id`) REFERENCES `users` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='A child whose jars are set up, and whether he may move money between them himself.';
        CREATE TABLE IF NOT EXISTS `rewards` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `title` VARCHAR(100) NOT NULL,
    `description` LONGTEXT NOT NULL,
    `price_cents` BIGINT NOT NULL,
    `stock` INT,
    `limit_count` INT,
    `limit_period` VARCHAR(8) COMMENT 'DAY: day\nWEEK: week\nMONTH: month',
    `expires_at` DATETIME(6),
    `enabled` BOOL NOT NULL,
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `created_by_id` INT,
    `family_id` INT NOT NULL,
    CONSTRAINT `fk_rewards_users_6999775f` FOREIGN KEY (`created_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_rewards_families_9805c770` FOREIGN KEY (`family_id`) REFERENCES `families` (`id`) ON DELETE CASCADE,
    KEY `idx_rewards_family__8c5cbd` (`family_id`, `title`)
) CHARACTER SET utf8mb4 COMMENT='A reward of a family store, bought with the money of a child once a parent approves.';
        CREATE TABLE IF NOT EXISTS `redemptions` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `reward_title` VARCHAR(100) NOT NULL,
    `price_cents` BIGINT NOT NULL,
    `status` VARCHAR(16) NOT NULL COMMENT 'PENDING: pending\nAPPROVED: approved\nDECLINED: declined\nEXPIRED: expired\nCANCELLED: cancelled',
    `requested_at` DATETIME(6) NOT NULL,
    `expires_at` DATETIME(6) NOT NULL,
    `decided_at` DATETIME(6),
    `decline_reason` LONGTEXT,
    `child_id` INT NOT NULL,
    `decided_by_id` INT,
    `family_id` INT NOT NULL,
    `reward_id` INT,
    `entry_id` INT UNIQUE,
    CONSTRAINT `fk_redempti_users_dd8e5cd6` FOREIGN KEY (`child_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_redempti_users_7aac5688` FOREIGN KEY (`decided_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_redempti_families_79d3fe3c` FOREIGN KEY (`family_id`) REFERENCES `families` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_redempti_rewards_6abfdf4d` FOREIGN KEY (`reward_id`) REFERENCES `rewards` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_redempti_ledger_e_d6d2d07c` FOREIGN KEY (`entry_id`) REFERENCES `ledger_entries` (`id`) ON DELETE SET NULL,
    KEY `idx_redemptions_child_i_45373e` (`child_id`, `status`, `expires_at`),
    KEY `idx_redemptions_family__b7473a` (`family_id`, `requested_at`),
    KEY `idx_redemptions_status_6a35f4` (`status`, `expires_at`),
    KEY `idx_redemptions_reward__b16dc5` (`reward_id`, `child_id`, `requested_at`)
) CHARACTER SET utf8mb4 COMMENT='A request of a child for a reward; while pending it holds the price from his spendable balance.';
        ALTER TABLE `ledger_entries` MODIFY COLUMN `kind` VARCHAR(20) NOT NULL COMMENT 'REWARD: reward\nADJUSTMENT: adjustment\nPAYOUT: payout\nREDEMPTION: redemption\nALLOWANCE: allowance';
        ALTER TABLE `events` MODIFY COLUMN `type` VARCHAR(32) NOT NULL COMMENT 'ASSIGNMENT_COMPLETED: assignment_completed\nASSIGNMENT_APPROVED: assignment_approved\nASSIGNMENT_REJECTED: assignment_rejected\nCHORE_AVAILABLE: chore_available\nBALANCE_UPDATED: balance_updated\nACTIVITY_CREATED: activity_created\nWEBHOOK_ENDPOINT_DISABLED: webhook_endpoint_disabled\nENTRY_REVERSED: entry_reversed\nREWARD_REQUESTED: reward_requested\nREWARD_DECIDED: reward_decided\nALLOWANCE_PAID: allowance_paid\nJAR_TRANSFER: jar_transfer';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `events` MODIFY COLUMN `type` VARCHAR(32) NOT NULL COMMENT 'ASSIGNMENT_COMPLETED: assignment_completed\nASSIGNMENT_APPROVED: assignment_approved\nASSIGNMENT_REJECTED: assignment_rejected\nCHORE_AVAILABLE: chore_available\nBALANCE_UPDATED: balance_updated\nACTIVITY_CREATED: activity_created\nWEBHOOK_ENDPOINT_DISABLED: webhook_endpoint_disabled\nENTRY_REVERSED: entry_reversed';
        ALTER TABLE `ledger_entries` MODIFY COLUMN `kind` VARCHAR(20) NOT NULL COMMENT 'REWARD: reward\nADJUSTMENT: adjustment\nPAYOUT: payout';
        DROP TABLE IF EXISTS `jar_movements`;
        DROP TABLE IF EXISTS `jar_transfers`;
        DROP TABLE IF EXISTS `jars`;
        DROP TABLE IF EXISTS `jar_settings`;
        DROP TABLE IF EXISTS `allowance_payments`;
        DROP TABLE IF EXISTS `allowance_plans`;
        DROP TABLE IF EXISTS `redemptions`;
        DROP TABLE IF EXISTS `rewards`;"""


MODELS_STATE = (
    "eJztXWtzm0jW/itd+pRUaVMZO06ynq2tkm2SKJElv7IcTzbeYhC0rB4j0HCxo92d//52c5"
    "HopkEgIQyd/hBXBH0aePp27ue/nYVtQNN91dM99Ii8VecU/LdjaQuI/5O61wUdbbnc3CEX"
    "PG1qBo21sBWCwWVt6noOvoTvzDTThfiSAV3dQUsP2Ra+avmmSS7aOm6IrPvNJd9Cf/pQ9e"
    "x76M2hg298/ze+jCwD/sCd45/fO74LHRUZ5Em6AzUPGqrmdXCz7/iFHEyo5rSYaQtkrjJu"
    "Rp+xUr3VErINyHssH9QZgqZBIRX2FVwPCfG1vuV9CBqSz5yqum36C2vTeLny5ra1bo0sj1"
    "y9hxZ0yPPwNc/xCW4ElgjkGMoQok2TEJsEjQFnmm96CZyn6uZaR1WHo4l6rUxUtVNiZHTb"
    "IqOKX9UNvv6evMLfjn558+7N++O3b97jJsFrrq+8+yt89AaYkDCAZzjp/BXc1zwtbBEM7g"
    "bU1FDQ+J7PNYcPcIqQwRp/BIt1jGwe2PGFDdqbqV0H3Avth2pC696b458nr3Ow/dobn3/q"
    "jV+cvH5JHmjjlRgu0mF05yi4ReDfwJ18rRTYE/gjYzYzZEJAnQPtRPltQnpeuO6fZhLSF5"
    "e93wK0F6vozmA0/Bg3TwzB+WB0xkC/nrBkLaTB/3w9Gm6Z6TEhA7+BdA/8D5jITe0uVQ1D"
    "5x8z39IJwmDqI9NDlvuKPPafnfoHhwCVPzjsOBDIbNe7d4Jegg7YwUkcAKmRucB3PLSA/N"
    "GhKdmhiUhfxf9p4Trp4A80Rpa5ik6evHXTv1SuJ73LK2p8LnoThdw5ohZOfPXFW2bM1p2A"
    "2/7kEyA/wb9GQ4UdxnW7yb865J0037NVy35SNSNxSMZXY9SoUaeYhIIHO0Wz/XznDHD0Zo"
    "0Z30pO+A2oad6sILJpQglvGt7yuO4LaOM2pAoQJUz+7IHLkRK40uh+sB2I7q0vcBWA3Mdv"
    "pFk6j/GMBKqbqJuWgftXPHviq5sV5WhPa6koOanwt+Mvhl7IsPeuz3sXSidrS6gP2YbtA0"
    "WBTe+CFL74NcDwZjDocA6yCrD9sO5ITHSp0zsDWLI3TDX94UlzDJXaJMgd+8hmrqzbpm8t"
    "jhbsFc3S7gN8yIeQ144VMKZpP5HBudJWCxh8QFpJw7bp5ipr4tbqMmxeTGnTGVkQuNDzTG"
    "iAdR9gCR1kG8CeAQ3oc2Qap2CpIQM8IW8OkOcC3PweOgA/x1l1ge1s+vDAf6Bjd4Fm4ebz"
    "1asOM6T1PJGjcvreCfqND8fgeSpeIk6kBqLUUZym0DKkvqhefRE1SCl480U1llZAYa0lwl"
    "mMSa50llhkuw10RCmHudHDrC1s3/JUPT6g6IE+Q/eZeyZLKZJ08/ejo+Pjd0evj9++P3nz"
    "7t3J+9frnTR9K29LPet/JLsqNbxpqZKwD3ztu2L5ixTzSA1DTNtkrXDnZng+Gl70J/3RsD"
    "c4Bb6FYTcQuauZd1ZvMFBHY9LBp/7w4ylhQlTbwVPWm+OxurOuxqOr0TgmXjr20nZCWpaX"
    "KaLW/+VtAbX+L+ya3Kj1yS1GfTnHjL6rGj5nEDOXD00kdS3pVREhhFlsx36EZdg5DqUEOA"
    "0w/LE0sUBU1hzFkDV542msOUpaPLJnubgWj6QQW3grS8i9AnFY1W1iRP9QDtMkSSXnQutl"
    "/hyFfDABpUZ+m2ozuU75Kvkyik1meqfhH1lwYuM/BcEfBLo6Je6rTdO76AAkF3UR1XJF6m"
    "LMCXVydcWkQbegohi3LaglnsxhQldrz4BtwVhNO7efwMLX513wNIcWeIEs4OHmofIdEK4A"
    "/Ac3fxnoZ20Lt0L6HKwlsrSC+NAP2+6OKLW8tXoFSp3Q8+uEQi3qrlqhDXWTxbPOraJ8GX"
    "w7BU8QPpirO+usH1+Zovja5Wg4+UQuLWzLm4fm0dI6nyKunL9ku3L+knLlJG9naJyT+XqB"
    "t8rMBZIgE0gjcXz07u16MZAfedP/+rI3GKTnO0ZFtWdqMMhlUWVpJbQUtIHJjfivcvSTRN"
    "nAB5WmylM0tA/cHAyJnoDdivH0WiDL5+GXPzFpSpFOwyrmpTR7tNrs4epzaPgmVF0UjVAZ"
    "PWaaWkBdZkt0l4UsxVJlnb3SxFVZ+0tjx1GnKeWoN2XUOYs9evvE1g49dVpSq07RCMSBV2"
    "jPboD1p/WKqxxTRTgD67NVNGy+FtWUUwu1Ai/srbaiksaKXS1FrTBTlLQT7WWlSFp9ODYK"
    "xiiUbaEIPb1VYmE5SO6B7x3NdfECJV7ycc6AFTn08t3AH5CVlV/AdnLaSGNCncaEeAR2Ef"
    "Jj2kYL+WPltje+OAUOJCsWi/UXn2+uJ5fKcIJFeuMP3/XIvMbifO/b6GZCoihWto9/j5UL"
    "BfNoWLwntAZcBD0GaoHRbW94rpxujG67CPxHRXTeR9k676OUzlvahRpgF8IbmVvOX29DUd"
    "866nQOe87W56gXHEQlOPa4vZSAOBKQVCEJpkwookJK8mMFV1GSRC6k9EJK8ctFcWXpJLgN"
    "1dMIh6ntwLKYbkjkNOUxgo/QcaFbDlWGSro/S/fnetRaKY5A6mm3YJpkggpkIQn2ywpAPY"
    "/7ERPV5LFSANUNx1QVtD2qRzFBTvGZpc0MmxH4Q3PUhf0IFxlqp4j8w5cxNLOCEiP8P2vO"
    "ZdSTONj/lWeRiY/7vY0yP0EECcMalbbOJDYNNvdP9rSNh2H75OWlHxJkBnPYWoNryS2P2n"
    "7zth2AxbaDKvAaU70JAldJu2nAVnIMpjG7mW0pJXnjDp+cXRow6zRgkjEN/p+C9lxz4TW0"
    "XOShR5idKz3ZQTUWmOfFm4msKRZa85o2wCRvgPPRYNCbKMD3Zu8X0zfqFFlZRsmgIyYAfK"
    "Ehk29h5o/HmmCnwWgUa8NYfE9Oiph8T06ybb7kHg3vXHPn+DReYpb+yXYyTPl8oDmkTbbk"
    "77oCjt4XWQFH77Nd68k9GnXkYtgcPudo2ybUrIxNPUnHgD3FhIdCe32lXpPv2Wg0oKxgZ3"
    "3WpntzeaZg+APwcSMU8vNpdSpGLkj1z9nntyG+oasR8XibaS3gU80MRKQd3ElSpPXZXF4f"
    "loup2ZlEGuSzB0Rcg7yM6RBt1IvEdDS13Eb7ZMVkZLBT2geDopGYbjPAZrHBz2csbKLump"
    "pULS1Z0ERc96tYwNbgICcnVcNxd1NWsmKkIFpaTrm2OmFqGitSDCdulYk98CpvZGo7biTp"
    "murCHBtdOeCihG8CLko6DkxdaLz0HWVAE984lw6dqwutVi7LwI0MczL7ASWWWxi9by2R6t"
    "kP0Np3n1+iCelG1Im0cUDaE6jyLlutxCvKmB9p9SqATFSg4CORsxyoQ/yAPeeWQvoaQx0t"
    "kcBT6w/N2d9tT2BwVHzXcmfQqYKjwlBNou4EPQEpxOoEq5XzCxFvLtuDlr5SH+BqT8D6m9"
    "6+QGGZ0GdzOG4lWkvfnZOchWiG9ACNPSG7wv0NE90JjZvrT9dPqAC360R3ouK2cXfdE7BS"
    "nq5thwq/gY7Pgj05eyGdg2nECBQVyUHjoDNBkXqC07ltP5Aqn0sb7X1Q3obdKVFvAoGWjs"
    "4pG0ISKZSrix8RV0NNWDdShhp3lDMhi2OG+bfrRHcCIhawIUsHYhkIs/V5KuriqBFW5Iru"
    "UhDkSgaSrLWsvApBCQ1sTnEgSt8ro0pa5dVC7mdFlWRElGT60lcbQPLcXnZ7hJAUjApxdX"
    "vJ282yEd5QSIwLYgwxn+ypJMyjFNA0mXAhUW/fFID67ZtMpMktGuhH5CL83cE5jX6UwTpN"
    "KeLkPioUgJMTf5OKKfuxREEF6dIe0jSlgB7S7fWITjvCm5rrqb67kys8S1vBUDeTCxZipB"
    "34iLnoXcaZppSj3ORRluFM2SdmOwNbClVVj8aubMGSFJ3M3MgJcWlq2FDrQM2JcWliNEYj"
    "FG7dwuEY3DyDmxVeAbaiZ3Bkd8P9q9jnGDpKKlJZL0yOPpXjqJmtVg2TADJOolUXNUlmGg"
    "wfBYOf/yZFSqjstrZtqq5pe9yCJ5t2yMXDuFiSMYl/40907EcYdZp8Cts+aJCkCKaKbRr2"
    "k0WseK6sjVK7Epgd0HJpJyhSmeujZK6PxDIome0jQSlRL4F6NF8ROVi0rFrUOSJamlxK40"
    "2WxsOFopk7jXaKWI51K8Y69KDaqUZUVhcCCZC114r6A+rBjrlL1ag0bSUJ8xq86g5SQIrl"
    "sUsfe2l6uRc2eS+st2TYTszkgbOYVZdfZy0Zp+C8XmimmZ1kJ0ko0AFyfPTu7RpU8iMPz+"
    "vL3mAgk75JKwnpQiZ9E23UOYdRRhw8LFl6i6GSdrGGVDQTEdMcs1jdFY2aBm9h001WSSN+"
    "8a1ocUuTWLEqRjAf2myDWBOyADWMi60mSmoX42Eny2RYwFB4+NiL77RlG7mqgVzyDrG1kD"
    "De62JwqduJclvkG4IJtu5P2vRqtel5yONJ/9ku2msCAT2zjwqFHRzlhB0cpcMOkm+Wwjlb"
    "ocmQCYF23crM3bX7lSj1m6jrqlmlv0DWHjYWHrVA2rG6xwJvdXuMBYdajsWuY4F5Ikez7m"
    "EEKWcotrh1sNTStaOUa0dkpDI0Xo6pbI0ISyfMsVCZnolMTaj7TvDQ8rM6SSqndIkpPXMg"
    "/lxL57gOZ/PyFJEI1nKanT8pws2fZDPzJylePinKlp7cSUo5t0vMbZ6+IDXDFctfpPSAHD"
    "MB1U19UlXHxTia8UsVHYjOdX/4caCcgpD6zrq8GUz6an94oVwp+M9wcgoWuCOkkmcvIf5j"
    "eXfWzbB3fd3/OFQuToFvRXrBcE6WlogLCcQ58jC7hKQ5Nxv6dhr2pDn3Zxz1IuZcWg9cJs"
    "5xTSQNjzLI8XmsueE0lGbHQpF46/W63aAro0cLAltVMS9pzpWlONpj/g6qTHQ45u/wRjfP"
    "/B1Uu6jD/L30pyYKqsWHbGkcJmvrRH8VXi5nyM5TvQtmy65F1Z5j8SYApvAvpkKIaZtsje"
    "2Esv+lMpyo56PLq4EyIXqAhPZjHYl7ZyXa9q6uxqOvTNM4epRqOVY+K+dsp2EADml5/mk0"
    "VtTe115/0DsjyosofP1RQwEUd9ZZb9AbnivqzRWRUnA/cYX0SNjDTzuf9L/2J9/U87ESNo"
    "lKLK7iZNd31q1y9mk0+qIqw4urER539aJ/TR6IG7Ppnte6tzsLf8D4G/6Er8r4mjQlx+IK"
    "v/0jdFxyf6zc9sYXuMH/3WDxh7SIrF6BrtT1Em0ulPP+RaJFlLQcv/1gMLoNvvCq1yfvni"
    "h7iPD9z72xOhn3htcflPEpSJYI2UVHc1wkn9xxdj6541Q+ObJ20kvk8/VomOGrELVnpXOk"
    "e+B/AO+UBzv9Ov+Y+VYQ9wWmPjI9ZLmvyGP/WVLRVoXGk+BDCeYpFwbWW6FLS9ykA9aFIX"
    "mipEYkX3PCkAqoOmmvqiStIWNZijIjzdLKgLsmj7TU3sgUVcIpGZy4LqAsMvhcQvMGtSzp"
    "mcJ1ixit0iO6VaDujCwIfBc6IbcLDeDZICg8+QiBje8Fvf4KXpA23fDXS4BcgIVsoGuePv"
    "+bvwTBoL1iueCq++bmvyK00ToIAYid0XctOiBF+rpE+vV4lRqDJJVIZqaaXRkT66YgM5Og"
    "EAn3Q/EyMFZ87snKrBWoLYO3KCuTXM/bzVB+ZJWTxr08TBNLtUkJNkmJZQ6TE1VezuZs4u"
    "LOxbgZV3skpbSIgg7YM6ABfY5M4xQgzwXuXHMguQo1fQ50BxrIA5pl4H/ADnrRTHBva+Yr"
    "0MOsCinQagQdYa7kAS69LpfHOegT7yxSDXHVBTPbCTijOXI921mRPskD1kVkfwUEVxeQ54"
    "UTFiwx7xW8SxfzUy4EmosMCF7oc6g/4McgC+gYbfwIH8/nsPegOXDsJ2Da+kOXuLDpMLjj"
    "PdmAnOVT3JMLiDaaPCno10CzoA6XZ65eZrFq+/BkPwtDJgtBHd69+LiIb+Rxtm/kcco3Eq"
    "8ynXvWb8ketCETiZ+qInkQclWXuMVyJIMt3tprMumqXcJVe2m7iB/pui0B1oZOzmEaU3Km"
    "q6XjtGkq8YI7DlIiLgRNczCzsUuMJJdcIG19zZqF2Ctgh5FIkQoTqVd7TtZAkNipElWSUp"
    "okm2ySlEE52cuuneEZMijnZxz1QkE5RC9TNhPghkQk7vxwmQCRycFXKpfZRICbabV7trrY"
    "ddJVbZ+zkZVxPvisOZOEI6YgsFOrf4MW4gjpEiw6Y06sEd8bqcuoJ5GQOrCBZz25+Iae5N"
    "zLNfisfasLWn4ubQuuQGg+mTn2InAwoQ0yxP1Es2xikOiC6QpfJhYMywO2Q35urB9ztHCh"
    "OUs7tBzqIUWCV5LbboJ9l4kXazWkaAvbt3bSMrGUInFkNWs38PLiKFWzkzLG7WvMG9I57L"
    "bOlWgOUlhGqhgEEzaLqBjwSVs2/0OSRCDdeYWZ/KX8XnlCDcyCqYRXLBeUQVNJZDnI4r2h"
    "NK4UjURV6ptq0zeljq76QG3YqVUU0+RpnRE+xNtoK8A1cvYUdK4yZ8v26RpumhLXLbhSZ8"
    "vuSudn0Qy2ZIs4qGIwisfk6AQ3kZrZ6sAg2hHVUCFF6tKEdUpu2Cpk8rWenBTwisOtsjO2"
    "knuME631iDyo6pm5dzNmL01Wjc7seecxhfX7Aki/z8T5fQ7KKvyxRA7cpf5ydi/SA6s5Th"
    "lpRRkZgf/YVslSTBsa8bayt28KrK+3bzIXGLklVdBSBS293EQb9Swvt5SGrIgkF+WV2zsz"
    "ai/KT9e+bbeYKwxcTCMXit0xEksVRmsLlwjLgw/Q2ncaLdGEdCMoTJsCpbtDVLQ+chvx2W"
    "Sw3R2fonke2oiPAw0SxI673hOk8bqjFp7bBaEiWOwNU1xgTkSI2DSxe4J1G3anRL2JhNoh"
    "Vbp9shJtj9Qh+wK5ql2mRTdPxYs2bdUHuDqAqpdKFYYfkcoS9n13t0qZM4zcqyNn2AMsVS"
    "ovai5gGouDqIxn+PnQWTqIl80ipyAhTSYg2tVrtVxP8/wyVUw3BNK9jlcb1vJIHrEAlBJT"
    "l6UTTyF7kIwLU9vg7MNnyNKcVUZof0TB5mVZeaFg2S6I8861KEX8WtuGcTzrD3vjb3w/7D"
    "NOSvmzbxOlJ9XggitEC6nBZZrOwzphyoSSRfyvmptQcu2IxY83TPpp5ccbUr5h2+MNr4Pi"
    "vCAI5wIYOBu8sB1g+x6wZy/juMBTEvznhdGBYT23sHBNN2gQJGMM7sWxjl0Q5Xi0l9DC45"
    "aOQKzvsWVjEiP/PCk4N1RwRrx0esXqZ8W0TRbsOqMrZdgffjyNJ3FUMyoqFXVnbSo37VO1"
    "6ZdizHQOL82y0jKitAERpZK5/hmZaxmTV70iJizMVwrTJInUbaUhLR2JJ8Pw8oMbo/O/ZH"
    "gjTSUnqoxvfI74Rhktth3RMgF4MC6KvieiQpZYZ4FNntQFYhsTctb+87VE1rKWosucMA1T"
    "tF1DzyNVTjp8Rdv6dnebos1NttyqZ+tF6bKe5rYbKLfCAie4E+Avu0Ellad5oKECcwgWWp"
    "ieC/8hmbqm0HuC0CK6rUV2Vq/DPEJGGzYr2jA8ZnXNUrP3pdzqEvwOZJ2JEnUmpJole/qL"
    "q2aRoTyijXpWKE/jlGutP9FKBEel+b+tovjIghMb/zmwIP6so1CdGF4dO33lu/Oh7aEZ0r"
    "Xoe1I8dapNLmO9xK3xStw0L8xeE0oQV2e244rNpNjgukRzF/iWh0yAPFKV0CXZbHHbOfm/"
    "P1135xIr8j3CBJht5nHZB3wS1987WVk0dmBIO33jh+ADZuaFU1s3NXySGGrwGtKY3VBjtq"
    "wc/Yy20mxPggwf/BZ4D+zoW3t8VMAb4Pgou5bkUaqWpLYybY2D7+fr0ZCPb4KE5ZCR7oH/"
    "ARO5bZzdOdASMCg2OJXqmM1qzPC3pAM21bHv3JPwozJTO0Ei4OyuOFMOfdCWEQNpSgHFwP"
    "aKfWlpX/M8EqLL8WXKryWapBOm7F8VhURplrTk0kkRy3xSTV48pHox/lY1Ke1gjpWzmHL4"
    "gZw+9mIQ2jPuB+EPds/uVnlGN3l+yaKacpj3GmYZWCUDqxqgdW5oYBVRPl85cAYdLN9Crs"
    "8H26S7VT29ZFpvVU7fzjUPaKGaWCfOGadBlBJRKLnEFcPzHRIMZc9mgZMGURP/6SPogbnt"
    "O+4rMLSBYz+dEtWyswrIgG11gUV+hy3Tauqanim9Q5rlHWIgl3y3oQYDXYbdTlPWr4Xr/G"
    "PmWzrBFEx9ZHrIcl+R5/2zIwjvHSwcFZ8VDocry9crMKQC+W1XoVwI0YE8jX4RWCFXtf+z"
    "gyodXrJRFtfhpQESReuP6IrcXfiyh/R22VXu2FuWuE7oIjsZwgTVZrs0QTmEFJMn8NiDKe"
    "bOCW9vOwA/gORBWHuivNDA7fE5+P139m1+//3lr4EUEGecJM4pGnCh7mDGX9eW2hSZyFuB"
    "m/EgLVHU9tRtSQ/jflQD3UPXS/nCSImjTokDJvKNFrU3J2kENDgfvS6Uq4w0y85q+DqdrY"
    "yd+DsgniAVEPjq0xsuj07eGvMySG8oBAT4IEn4MDNaCuG4vYD4Vu+IJc1A2dC3U4aToSo/"
    "46i3RHJ/7sGVtsC2yeS12QITNTc4kjtdkSNbZmdKgBSJTHEgHj43ymMYhmiTYBENhDUyfg"
    "VP+BoEkb8TiRmZ2/iDApl56SAdAlKOOYweIY3Iq4CpZpJJxotPOfjzyqZU3KT8TngQYYrv"
    "YUXcOBND9N5R4QJyO5sw/JSIMPksuhOpCqhTFRANioc8s1TycpZOQMb+IIJTsFh3ybjIEI"
    "p09NccRJRV/qBYQtLMWggHnPKxX22n3Dh0rpThRZCXNKK/s3pXV+PRV+XilOiCHfsRGnfW"
    "hXI+6A/JNQPqJrLINeW3q/6YXAo3cXzlvDc8VwYDck0nwJgmNNiDrNCqeltkUbEceWJNvW"
    "WXFHV8lBSdWFoBhaf2CktpGVn6Qf8Uw4z3IWTstJ5pShlw0vBRJqeN6kDNDUU4eqQn8EcG"
    "L5SmFKF2Tt7YKr9NqGFNObZRdV3i5qy3G6NmbkKWlGZwoJXld433n2nJPMQpOoHc2ioDl9"
    "I8FASWopFTloMqpZYpiCpFI6dqM1ORt15vlaPVD5d1BXr9D+uOWrYNFNXsUxvg9sS5zrp8"
    "857AFq4D3bCdoCiu1BZI4YrfAAxvBoNOmtuShqhqM5Jv2Kb6kG3pfE1xmBlzdjev54xU5i"
    "XdnvdLZN4K5+fMNOYZI7Cn+TTYg7mm03h3zjObkjYlTKakeWjBDA8d4Hp4DXbB1Pbv5x54"
    "Qt48MFiG2asTpk4bzwr8Y6k5JOtepJl2+XbSQzykiHGUOkdDs5c0VdZqqixto5TGyZLGye"
    "SbpXDOU8dRZDXaxUoaxBqripNW4QZYhW39ocSuvW4v1R9pME20QB4Gy+fFmGRCylBJYLOA"
    "XUIH2RmJULd7MLB9NNh20rnofTsFhra6s24V5cspeILw4c66HA0nn04JixdGFTxzdskGWa"
    "UbNv1FMldCK8i1wTmf8yq3JKhqLNcSs/2yWot4jh4tDYaQITA/46gXCYGJV2xZm3mKTjKM"
    "0mYurZGNtkKUtEZulri072wznLG7YWn7TtIITAVMMexuRPzhyxiaWobSjxuhJQbwfx0y4O"
    "0WTue2/dALE9J3OJYbpkU3z4LzFLZVk/ntt5tyJnMITPs+tJ3gPhFJJ3kaZI1x7CewhM46"
    "XG2hGRC8sMmFme9C42XaZrN3b0WMM3G/0dS3/MUUt5QllJpZQikanuIMyYZAciMcHi9a3j"
    "sJTiytgKJTe0WltISMu1rir4N4BA2OLTTHYZOhk7ISx2nTcWzOtpSToSkmaLAKfUf78kkh"
    "+/JJjn35hGNf9p2AYVQXHL4y2zeeppJHADfugGKAinM2DKFI4NbA5eToBGJgKxBcI5b/It"
    "Fjy0akuJMiNRublIqEHYRs0Sw5Tttls+iTUdHCBKO4Xi1VzjbOFRhm7Zzaxopk7HyASw9o"
    "LnDxdINGF7h2VBvAgR7+S2rbhSlEXPwhYLryeE53dTyQX0M3zn8YpRCNS6im6+gyLTch+q"
    "Q1nZTEgj+8WB4un25Eyoh1yYiyzO4z+kKFMAbIleGGKSoBfS6rz/RI9s00xNmelnF7IcCt"
    "28nyZ8778qHXD1K3zDRkkmwu1zfn54pyQS65vq5DaJCrH/tflaF6c3UaVrhX/SXLDRRyTa"
    "48w0t2XdfMk0DIkq4VWoXJNFB3wJVDKeFl4WWZzBS8+TpZDrl0DWyyVtbUXE/dVTXLJ5b6"
    "WY7zM0GqtJKWppKa2kKa2gC03dS1PFI5m6WLq/jOjtLF9Wcc9SIuroyCsuBOylCJpNA6lC"
    "dmdmWjXa0uSqLHlmFdPCcBNc/KWl1Scrpq2vccvW0Jv8G0k5sg0NfhPLiesdkmquSk3m6i"
    "iudHMQtVNkal0yzEwVMy0UKtiRZ8xywjYEXNhdBJ11QUbm0pKVXumyGTtb7zTQQ71PrOTY"
    "CRvQLES4BRg4ohLCZaBuYNhYB7zUESusiY5Rpjlg3kBrhlJrTO2UDSpFJRWcylNEZuh1zx"
    "NKk0sTRHgZLWm5FPg7rvoUeoEhuk7/B4p+xY4QxyabvkmYbx81QXRdqRMksqRSwXVaMXlT"
    "RBCKaMliaIn3HUi5ggZJYNmWWjBajKLBsyy0aDka0yywYd+bO3sUzA8LCDWst6GHp93uEY"
    "yaI73TzbmLZpc0iDmDR81Wn4wsvHLan6T5AIqJQ+OjkpYv86Ock2f5F7jDf/clkG4ai5gO"
    "geROWPn+hBngNMtl0xQVK/TfF5VDWVWQ9T/Gqd0cl//T94+HyE"
)
