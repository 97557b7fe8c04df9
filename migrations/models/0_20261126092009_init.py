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
    `username` VARCHAR(100) COLLATE utf8mb4_bin NOT NULL UNIQUE,
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
    "eJztXWlv27gW/SuCPnWATJE4SZPpe3iA4qitO44d2E5nSR4EWmYcTrV4tCQ15vW/P5LaF8"
    "qSF0VS+SWISV5KOpfL5bmX5D+ibi6gZr+VVAc9I2ctvhf+EQ2gQ/xPJu9IEMFqFeWQBAfM"
    "NVoYeKUQpMlgbjsWTsI5j0CzIU5aQFu10MpBpoFTDVfTSKKp4oLIWEZJroH+dqHimEvoPE"
    "ELZ9z/FycjYwG/4crxz3vRtaGloAV5kmpB4MCFAhwRF7vHL2RhQaWgxCPQkbZmZPqfsVac"
    "9QqmC5D3WH1VHhHUFgmkvLpouieI0waG84EWJJ85V1RTc3UjKrxaO0+mEZZGhkNSl9CAFn"
    "keTnMsl+BGYPFBDqD0IIqKeNjEZBbwEbiaE8N5rkRpoqKMxjNlKs8URaygGdU0iFbxq9r0"
    "65fkFX7unZxdnF2evju7xEXoa4YpF9+9R0fAeIIUntFM/E7zgQO8ElS5EagZVSTx7T8BKx"
    "/gjGAKa/wRaawDZIvADhIitKOmXQfcOvimaNBYOk/45/lxAbZfpEn/kzR5c378E3mgiXui"
    "10lHfk6PZhH4I7jjr5UBewa/MVpzSqwTUBdAO5N/n5Gaddv+W4tD+uZG+p2ira/9nOF49D"
    "EoHlNBfzi+SkEfNljSF7Lgf56ORxtaeiCYgn+BVEf4n6AhOzO67EsN4r8fXUMlCAtzF2kO"
    "Muy35LH/EetXDgGqWDlpPRDITNtZWrQWWkFaObEJIKOZa5zjIB3maycpmVaNL/o2+KeF/U"
    "TEH7gYG9ran3mK+s3gRp7OpJvbhH6upZlMcnqJjhOkvnmX0llYifDbYPZJID+FP8cjOa3G"
    "sNzsT5G8E3AdUzHMFwUsYpNkkBqgltB6wkgoObEnZDbP7zkK9t+sMfrdywwfgZq1zUoimx"
    "Xk8GbhrY7rroA2bkDaA6LEyH/8mmuREriy6H4wLYiWxq9wTUEe4DcChppnePoLqju/mpaB"
    "+z1oPUFq1KMs8BKuiuKNCn87/mLoeAa7NO1L17LIGhLqQ7Zh40BZYLOjYAJf/BrC6G44FH"
    "Mmsj1g+yGsqJvoJmZvBrBkbJgD9esLsBZKYpAgOWbPTKWEZbNZek9PpwADLCk+5EPIa/vI"
    "95+wriTbxurSIX3/DEeTLnJURNWopLACwtIHYGzu/Yd4aHqPgvQnZVnimSvT1BRbM31+Jc"
    "HzxMshG+tQXxGlBL/xJ1rmM/QrjT8lXZ4WiEvQdmJqC/PFUKCxsDm/Uzu/k1ZoEt4rrB0I"
    "DAbEKdEU2HMse6gJNkypd2l7NR4PE0unq0GaWLi7uZInb07omgkXQt7glTUTU92gGuxxSY"
    "56BdT99orIzILBqcwlZMX3QCg0c6puOn8QYFJIIHgdBWhbaTsjzHXdCl1bkFp7amBUpcZW"
    "tGQaDcwqOkR0/NLrnZ5e9I5P312en11cnF8ehyZFNqvItrgafCQDbELf2RHXgn9BSkxjTI"
    "FdzauRJ7uVa6Nhmqjbs5GxsStPe1l5PhY2eSxU1+ShGTUzB76wfH0E5PFhh7m98bnRyjgD"
    "51QHmsbENCHYoQnktHfxLgSV/CjCc3ojDYc5djh35/2A7jx3tdhS60lJrvWmaD1nMvLfPm"
    "aXJxnBkjNSSoo7xvLYjBgxW3aij3O+HNONzkaK1x78Nv2gnpbBW9ZvE29Xm/2NQeeuz9nY"
    "VlxTw2A+tGyHWAS5BhdLaOEVHH4vmEeL+PIffp1ADTACCX3Mh7QuGVfVIU/k94M7D0WWy7"
    "CEo7COeO6E7xXZygLZ5B0CbyExvE2LlR05MhXyDbSBhfVxn16tPj0HOXmrf3asdijQicDh"
    "ZIx277hMkDYuxYzSpnk8TLshZOb27P5eSP0mcl01U/o6MnbwseRJd4gdq1sXeKjbQRc50l"
    "wX2+oC20QWMJbQhzRHFRvCOtLSPLSjUmiH76RagHVON2AzImm5zkwLe+OZSNOEqmvRh1Zv"
    "1XFR3qQrNOlHC+LPNdScwGG2LZ8Q6oK3/NBbLuNL2cqNOy7J23aFtp3HF2RauGy4eoYHzH"
    "ETJKqpb1Ul2hhHLXipsooQp4PRx6H8XvCkH4ybu+FsoAxG1/KtjP+MZu8FHVeEFPLsFcR/"
    "DOfBuBtJ0+ng40i+fi+4hs8Lem2y8oq41IK4YD2c7kLcncuGvp2OPe7O/RG1Xsadm+SByx"
    "rZCSHueMwz9vhe58N7c71myN2OG925if662aHL9zeWBHa3/Y155vOOvtycPYsdadOJBsrd"
    "36/p/pafGTtmvYyjIvc3fD7M5tiM+3vlzjVkP4VmabBN1lQJf7XN4WNF1HvHfNm1UO0FHu"
    "8163CyzRRCINtkb6zorf1v5NFM6Y9vbofyjPAAMfYj3In7YMTKSre3k/GXVNFg92ii5ET+"
    "LPfTlXobcEjJ/qfxRFakL9JgKF0R8sLfvv4MEIXiwbiShtKoLyt3t2SVguuZA43grfiLPf"
    "y0/mzwZTD7Q+lPZK9IeHKWTwNsw2ac9kqwGac9JptBslLO/Yrnf/FjvwJ8EkvYfRz7FR97"
    "Mxop5hhSoh0kGdpLKmS5pPTkW0XTaVm+Na3JmuY8x+F5Dr4cZ6xyjg60HLegilZo99U4XQ"
    "9NgsraOye9wvIyQo21zkzgumHBqSQ1unHpKY4NKJAzwQSgaeYLXAiOKeA6IHqGgonzaK3/"
    "Et6QMkfer58EZAt4OSqowFGffnZXAlXa27QVvO+6c0+Kip1n5gEQhG3H1sh88dvIxW+or0"
    "o6iEt1ySFTc9AfP+7zwLYMDCjCHU2ZkGpsGbxlTZl4f97ssOGHqJbBdOMhqmzb8JD2DkU9"
    "x8oJtMG2bcgHHZ5L57u96tztRXRK/89A2wc2nELDRg62FNkRo/EK9kOCvy7eCXr4pNT2rx"
    "N/+1dIlcQzhP54OJRmsuA6j5f6/EyZI4PFJp9k94pBHSAt3znBsMwCgb1E7zZIF73z8zKR"
    "h+fn7NBDkpeE9wlQ6m8FbPvFzNt1wQY6R7TJTqBte0DvskwP6F0yUad5maDpFbByLbNNId"
    "ORHA+YrnhgLHGX5YzzG4+LDeVqRDwYZloLeOC/3GJfXUa0M3uKal5d88BytkLaGWLMA8t/"
    "RK2XCSxvqmOwfWvFmFud2lrVME3IcEw38ZMsM/j1rs2pE9yyTFqiUbX0wpwm4rovB7Z3qx"
    "GZORM3CG/vyY7fV9yN2IHk9tX6YWqaKVIOJ75PoRJe3mFv8XjYHSHrKlBhlAbED+BRN6Wa"
    "FtIWeBbeDatuXe5XsEdI0UHesQR8o1AztlW1pgse0hHsG7c5ruDI7GU7g6ntiGo4WpT7g+"
    "v0BzN8wUwv2E6u34YNWjX4G5GB7XWI8WMdWsNovUmxzvnZy/gY2R7GrH8xgkuB31aIGMXV"
    "6WB2LXyPSHOY4KwDgLt92L2unQ4A7vb5EbXOcvtk6PRSR15wZpK1xsgySPUwR23EJzpPYk"
    "fCqKP46FCf+0HCnCWqYQ0fpz1yFvIpVoS9ms9SMftd0yeu+PDW4t6tkeldYvce0+iX+Ypz"
    "aNnIMKOnquD3Cs+XyivDOYM6OYNAA9nV7ObzUwLZJofOihP5N2ly/V7wDld/MKTrz3fT2Q"
    "09bBUs/nJtR6enrN5Kf4zvcNoKrE2XNpPXP10V6KZLTnjZ4j7rlGSX9pvVfo919durd7qz"
    "eivYRfGwU2PuguMgV1bXeoFxw+yQvd8TyemUji2sy9ApcQurZC+Ki/COVHho/RaX2eoHD6"
    "tsNbjxVUPZUT8m0iXbptU3BHewmRaE/9ImmIWX76RP3w8c9dQS9wOrtZ7S3bAWWxbT+Gxd"
    "IqS67qusW4oq8ybrfFRBIiR1H9BWCnJtKcgZg6hy6PohKVkJWkh9EnPYWD/nqIiIBVEZHl"
    "TVpln+qIAgfYaWnXvZLzviJybSZGq0SbFVpFNVQNgv3kF0q51aUvIgEvxEJ3eeYh9tHROp"
    "/3Tr1wmW2ts51hWCHPY/mX3/P5/OGhA="
)
