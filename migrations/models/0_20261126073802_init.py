from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS `families` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(255),
    `invite_code` VARCHAR(8) NOT NULL UNIQUE,
    `invite_code_expires_at` DATETIME(6),
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `events` (
    `id` BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `type` VARCHAR(32) NOT NULL COMMENT 'ASSIGNMENT_COMPLETED: assignment_completed\nASSIGNMENT_APPROVED: assignment_approved\nASSIGNMENT_REJECTED: assignment_rejected\nCHORE_AVAILABLE: chore_available\nBALANCE_UPDATED: balance_updated\nACTIVITY_CREATED: activity_created',
    `data` JSON NOT NULL,
    `occurred_at` DATETIME(6) NOT NULL,
    `published_at` DATETIME(6),
    `family_id` INT,
    CONSTRAINT `fk_events_families_2c62d9e7` FOREIGN KEY (`family_id`) REFERENCES `families` (`id`) ON DELETE SET NULL,
    KEY `idx_events_publish_21dffb` (`published_at`, `id`),
    KEY `idx_events_occurre_981f83` (`occurred_at`)
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `users` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `username` VARCHAR(100) NOT NULL UNIQUE,
    `email` VARCHAR(255) UNIQUE,
    `hashed_password` VARCHAR(128) NOT NULL,
    `is_parent` BOOL NOT NULL,
    `is_active` BOOL NOT NULL,
    `balance_cents` BIGINT NOT NULL,
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `family_id` INT,
    `parent_id` INT,
    CONSTRAINT `fk_users_families_bcddbb72` FOREIGN KEY (`family_id`) REFERENCES `families` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_users_users_b2a9ae01` FOREIGN KEY (`parent_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
    KEY `idx_users_family__cc1c2f` (`family_id`),
    KEY `idx_users_parent__a6dc1a` (`parent_id`)
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `activities` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `activity_type` VARCHAR(50) NOT NULL,
    `description` LONGTEXT NOT NULL,
    `activity_data` JSON NOT NULL,
    `created_at` DATETIME(6) NOT NULL,
    `family_id` INT,
    `target_user_id` INT,
    `user_id` INT NOT NULL,
    CONSTRAINT `fk_activiti_families_1727d05b` FOREIGN KEY (`family_id`) REFERENCES `families` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_activiti_users_bf72f8e8` FOREIGN KEY (`target_user_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_activiti_users_e638e970` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    KEY `idx_activities_user_id_6f80e4` (`user_id`, `created_at`),
    KEY `idx_activities_target__750668` (`target_user_id`, `created_at`),
    KEY `idx_activities_family__fda8ab` (`family_id`, `created_at`),
    KEY `idx_activities_activit_cece9e` (`activity_type`, `created_at`)
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `chores` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `title` VARCHAR(200) NOT NULL,
    `description` LONGTEXT NOT NULL,
    `reward_cents` BIGINT NOT NULL,
    `min_reward_cents` BIGINT,
    `max_reward_cents` BIGINT,
    `is_range_reward` BOOL NOT NULL,
    `cooldown_days` INT NOT NULL,
    `is_recurring` BOOL NOT NULL,
    `frequency` VARCHAR(50),
    `is_disabled` BOOL NOT NULL,
    `assignment_mode` VARCHAR(20) NOT NULL COMMENT 'SINGLE: single\nMULTI_INDEPENDENT: multi_independent\nUNASSIGNED: unassigned',
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `creator_id` INT NOT NULL,
    `family_id` INT,
    CONSTRAINT `fk_chores_users_8fa3d14a` FOREIGN KEY (`creator_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_chores_families_b5138533` FOREIGN KEY (`family_id`) REFERENCES `families` (`id`) ON DELETE SET NULL,
    KEY `idx_chores_family__aa6870` (`family_id`, `is_disabled`),
    KEY `idx_chores_creator_13a847` (`creator_id`, `is_disabled`),
    KEY `idx_chores_assignm_b6c442` (`assignment_mode`, `family_id`)
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `chore_assignments` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `is_completed` BOOL NOT NULL,
    `is_approved` BOOL NOT NULL,
    `completion_date` DATETIME(6),
    `approval_date` DATETIME(6),
    `approval_reward_cents` BIGINT,
    `rejection_reason` LONGTEXT,
    `cooldown_ends_at` DATETIME(6),
    `cycle` INT NOT NULL,
    `pool_slot` SMALLINT,
    `created_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `assignee_id` INT NOT NULL,
    `chore_id` INT NOT NULL,
    UNIQUE KEY `uid_chore_assig_chore_i_894fa4` (`chore_id`, `assignee_id`),
    UNIQUE KEY `uid_chore_assig_chore_i_dd252e` (`chore_id`, `pool_slot`),
    CONSTRAINT `fk_chore_as_users_da327dd8` FOREIGN KEY (`assignee_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_chore_as_chores_00402b63` FOREIGN KEY (`chore_id`) REFERENCES `chores` (`id`) ON DELETE CASCADE,
    KEY `idx_chore_assig_chore_i_22f511` (`chore_id`, `is_completed`, `is_approved`),
    KEY `idx_chore_assig_assigne_36a65e` (`assignee_id`, `is_completed`),
    KEY `idx_chore_assig_is_appr_c7a7c8` (`is_approved`, `cooldown_ends_at`)
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `event_recipients` (
    `id` BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `event_id` BIGINT NOT NULL,
    `user_id` INT NOT NULL,
    UNIQUE KEY `uid_event_recip_user_id_eb5335` (`user_id`, `event_id`),
    CONSTRAINT `fk_event_re_events_f0a710f6` FOREIGN KEY (`event_id`) REFERENCES `events` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_event_re_users_e6c9db67` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='One user allowed to receive one event; (user, event) is the catch-up index.';
CREATE TABLE IF NOT EXISTS `ledger_entries` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `kind` VARCHAR(20) NOT NULL COMMENT 'REWARD: reward\nADJUSTMENT: adjustment\nPAYOUT: payout',
    `amount_cents` BIGINT NOT NULL,
    `reason` LONGTEXT NOT NULL,
    `cycle` INT,
    `created_at` DATETIME(6) NOT NULL,
    `actor_id` INT,
    `assignment_id` INT,
    `child_id` INT NOT NULL,
    `chore_id` INT,
    UNIQUE KEY `uid_ledger_entr_assignm_1351e3` (`assignment_id`, `cycle`),
    CONSTRAINT `fk_ledger_e_users_c90cf3b6` FOREIGN KEY (`actor_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_ledger_e_chore_as_7346385c` FOREIGN KEY (`assignment_id`) REFERENCES `chore_assignments` (`id`) ON DELETE SET NULL,
    CONSTRAINT `fk_ledger_e_users_18b02d94` FOREIGN KEY (`child_id`) REFERENCES `users` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_ledger_e_chores_eaa24e29` FOREIGN KEY (`chore_id`) REFERENCES `chores` (`id`) ON DELETE SET NULL,
    KEY `idx_ledger_entr_child_i_f55195` (`child_id`, `kind`, `created_at`),
    KEY `idx_ledger_entr_actor_i_039185` (`actor_id`, `kind`, `created_at`)
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `aerich` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `version` VARCHAR(255) NOT NULL,
    `app` VARCHAR(100) NOT NULL,
    `content` JSON NOT NULL
) CHARACTER SET utf8mb4;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXWtT4zgW/Ssuf2KqmC4ITcOwW1tlgrs7PSGhktDzgC2XsEXwtB8Z24FOzfLfV5Lflu"
    "XYeRjbrS8UkXRl+1w9rs69kv4RTVuDhvtOUj39WfdW4oXwj2gBE6J/qLxDQQSLRZyDEzzw"
    "YJDCwC+lQ5IMHlzPQUko5xEYLkRJGnRVR194um2hVGtpGDjRVlFB3ZrHSUtL/3sJFc+eQ+"
    "8JOijj7r8oWbc0+B1Vjn7eiUsXOoqu4SepDgQe1BTgiajYHXohBwkqBSUegakbK0Zm8Bkr"
    "xVstYLYAfo/FN+VRh4aWQsqvi6T7gihtYHkfSUH8mQ+KahtL04oLL1bek21FpXXLw6lzaE"
    "EHPw+lec4S44ZhCUAOofQhiov42CRkNPgIloaXwPlBidNERRmNZ8pUnimKWEEzqm1hraJX"
    "dcnXz/Er/Nw7fn/2/vzkw/tzVIS8ZpRy9uo/OgbGFyTwjGbiK8kHHvBLEOXGoFKqSOPbfw"
    "JOPsCUYAZr9BFZrENki8AOE2K046ZdB9wm+K4Y0Jp7T+jn6VEBtl+lSf+zNDk4PfoJP9BG"
    "PdHvpKMgp0eyMPwx3MnXosCewe+M1pwR6wTUBdDO5N9nuGbTdf82kpAeXEu/E7TNVZAzHI"
    "8+hcUTKugPx5cZ6KMGi/sCDf6X6Xi0pqWHghn4NV31hP8Jhu5So8uu1CD++3FpqRhh4WGp"
    "G55uue/wY/8j1q8cDFSxcrJ6wJDZrjd3SC2kgqxyEhMApZkrlOPpJszXTloyq5pA9F34Tw"
    "v7iYg+UBtbxiqYeYr6zeBans6k65uUfq6kmYxzeqmOE6YefMjoLKpE+G0w+yzgn8Kf45Gc"
    "VWNUbvaniN8JLD1bsewXBWiJSTJMDVFLaT1lJJSc2FMy6+f3HAUHb9YY/e5kho9BpW2zks"
    "jSghxeGt7quG4LaOMGpB0gio38x2+5FimGi0b3o+1AfW79ClcE5AF6I2CpeYZnsKC6Dapp"
    "GbivYesJU+Me5YCXaFWUbFTo29EXQ8832KVpX7qSRdaQUB+yDRsHygJLj4IpfNFrCKPb4V"
    "DMmch2gO3HqKJuopuavRnA4rHhAajfXoCjKalBAufYPTuTEpWls8yemU0BFpgTfPCH4NcO"
    "kO8/IV1JrovUZULy/hRHky1yWETVqLiwAqLSe2Bs7oKH+Gj6j4LkJ2FZkpkL2zYU17ADfi"
    "XF8yTL6S7SobnASgl/o0907GcYVJp8SrY8KZCUIO3ENjT7xVKgpbmc36md38kqNA3vJdIO"
    "BBYD4oxoBuwHJLuvCTZKqXdpezkeD1NLp8tBlli4vb6UJwfHZM2ECun+4EWbiZluUA32pC"
    "RHvQLqQXvV8cyCwKnMJdDiOyAUmjlVN50/CDEpJBD8jgKMjbRNCXNdt0LXDiTWnhoaVZmx"
    "VZ8zjQZmFR0iOn7p9U5OznpHJx/OT9+fnZ2eH0UmBZ1VZFtcDj7hATalb3rEdeBfkBDTCF"
    "PgVvNq5Mlu5NpomCbq9mxQNnblaY+W52Nhk8dCdYUfSqmZOfBF5esjII/2O8ztjM+NV8YU"
    "nFMTGAYT05RghyaQk97ZhwhU/KMIz+m1NBzm2OHcnfcDuvOWC21DracludabovWcySh4+4"
    "RdnmYES85IGSnuGMtjMxLEbNmJPsn5ckzXOhsJXjvw2/TDeloGb1m/TbJdrfc3hp27Pmdj"
    "W3HNDIP50LIdYjHkBtTm0EErOPReMI8WCeQ//jqBBmAEEgaYD0ldMqqqQ57I1707D0WWy7"
    "CEo7COeO6U71V3FU138TuE3kJseNsOKzt2ZCr4G0gDi+rjPr1afXqe7uWt/tmx2pFAJwKH"
    "0zHavaMyQdqoFDNKm+TxMO2GkJmbs/s7IfWbyHXVTOmburWFjyVPukPsWN26QEPdFrrIke"
    "a62FQXyCZygDWHAaQ5qlgT1pGV5qEdlUI7AieVBlY53YDNiGTlOjMt7Ixnwk0TqkuHPLR6"
    "q06K8iZdoUk/OhB9rqXmBA6zbfmUUBe85fvecplcylZu3ElJ3rYrtO08voBq4bK1NCkeMM"
    "dNkKqmvlWV6CIcjfClyipCnA5Gn4byheBL31vXt8PZQBmMruQbGf0ZzS4EE1WkK/jZC4j+"
    "WN69dTuSptPBp5F8dSEsrYAX9Ntk5RVxqQVxwXo424W4O5cNfTsde9yd+yNqvYw7N80Dlz"
    "WyU0Lc8Zhn7PG9zvv35vrNkLsd17pzU/11vUOX728sCex2+xvzzOctfbk5exY70qZTDZS7"
    "v9/S/S0/M3bM+hmHRe5v+LyfzbGU+3uxfDB09ykyS8NtsraK+atNDh8rot475suuhWov8H"
    "ivWIeTracQQtkme2NFf+1/LY9mSn98fTOUZ5gHSLAf0U7ceytRVrq5mYy/ZoqGu0dTJSfy"
    "F7mfrdTfgINL9j+PJ7IifZUGQ+kSkxfB9vVnoBMo7q1LaSiN+rJye4NXKaieB2BgvJVgsY"
    "ee1p8Nvg5mfyj9iewXiU7OCmiATdiMk14JNuOkx2QzcFbGuV/x/C9+7FeIT2oJu4tjv5Jj"
    "L6WRYo4hI9pBkqG9pALNJWUn3yqazsryrWlN1jTnOfbPc/DlOGOVc7in5bgDVX2hb78aJ+"
    "uhSVhZe+ekN1hexqix1pkpXNcsOJW0RtcuPcWxBQV8JpgADMN+gZrg2QKqA+rPULBRHqn1"
    "X8IBLnPo//pJ0F0BLUcFFXjq08/LhUCU9i5rBe+67tyTohLnmfkAhGHbiTUyX/w2cvEb6a"
    "uSDpJSXXLI1Bz0x4/73LMtA0OKcEtTJqIaWwZvWVMm2Z/XO2z4IaplMF17iCrbNtynvUNQ"
    "z7FyQm2wbRv8Qfvn0vlurzp3e2Gdkv8paNlBokmZ3fDebwtxihE+LrXj67hgx9cxveMLmk"
    "A3qkAcCewkBrdB8PZOT8vED56esgMIcV4a3idACLwFcN0XO2/vBBvoHNEmu3I2bdS98zKN"
    "unfObtQ4jwp9XgAn175aF/gcy/Gw54rHvmKnV85ovfbQ10iuRsTDYaa1gIdeyA12x1Gind"
    "kZVPMamYeHsxXSzkBhHh7+I2q9THh4U9177VvxJZzjxNaqhmlKhmO6jmVkmcFvd/lNneCW"
    "5cNSjaql1940EddduaH9u4nwzJm6B3hzf3Ty1uFuRACkN6HWD1PTTJFyOPHdBpXw8o9sS0"
    "a1bglZV4GKYi0gegCPnSnVtHRDQ7Pwdlh164q+gp0+ignyDhfg232asTmqNV1wn+7cwLjN"
    "cejGZi/bpUtsR72GA0K5V7dOr25Vj+5W3tyGDVo1+Bt1C9nrEOHHOnqG0XrTYp1znZfxMb"
    "I9jLR/MYZLgd8XOjaKq9PB7Fr4To/mMMG0A4C7fdi9rp0OAO72+RG1znL7UHR6qYMrODPJ"
    "WmPQDFI9zFEb8YlPhdiSMOooPiY0H4JQX84S1bCGT9IeOQv5DCvCXs3TVMxu1/Spizr8tb"
    "h/92N2r9edzzQGZb6hHFI2NszI2SjovaJTovLKcM6gTs4g1AC9ml1/Ckoo2+TQWXEi/yZN"
    "ri4E/4j0e0u6+nI7nV2TI1OB9tfS9UxyVuqN9Mf4FqUtwMpekmby9mekAtNe4nNaNriVOi"
    "PZpV1jtd9GXf0O6q1unt4IdlHc79SYu+DYy8XTtV5D3DA7ZOe3PXI6pWML6zJ0StLCKtmL"
    "kiK8IxUePb/BlbTm3sMqWw1uctVQdtRPiHTJtmn1Pb8dbKYF4b+kCdLw8v3w2Vt+455a4p"
    "ZftdazthvWYstimpytS4RU130hdUtRZd5HnY8qSIWk7gLaSkGuLQWZMogqh67vk5KVoKOr"
    "T2IOGxvkHBYRsSAuw4Oq2jTLHxYQpM/QcXOv7GVH/CREmkyNNim2CneqCggHxTuI7l4OIk"
    "FP9HLnKfYB1QmR+s+ofptgqZ2dRl0hyGH3k9nr/wEOPQgn"
)
